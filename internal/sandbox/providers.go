package sandbox

import (
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
)

// Provider is a further care provider in a sandbox: a hospital or GP of a
// hackathon's scenario with a DVA of its own at {base}/{Path} — its own
// authorize, token and resource endpoints, its own entry on the ZAL (the
// root DVA's ZAL lists every provider) and its own test patients (Source).
// Clients are the sandbox's: a PGO registered once may talk to every
// provider, as on MedMij. A token is bound to the provider that issued it
// by its scope ("{Name}~48") and by the patient keys of Source.
type Provider struct {
	Name   string         // name on the ZAL and scope prefix, e.g. "ziekenhuis-a"
	Path   string         // URL path segment of its DVA, e.g. "ziekenhuis-a"
	Source dossier.Source // its test patients and their dossiers
}

var providerPath = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// reservedPaths are the root DVA's own first path segments.
var reservedPaths = []string{"fhir", "oauth", "medmij"}

// addProviders builds the DVA of each of Options.Providers.
func (d *DVA) addProviders() {
	for _, p := range d.opts.Providers {
		_, known := d.service(p.Path)
		if !providerPath.MatchString(p.Path) || slices.Contains(reservedPaths, p.Path) || known || p.Source == nil || p.Name == "" ||
			slices.ContainsFunc(d.subs, func(s *DVA) bool { return s.opts.PathPrefix == "/"+p.Path }) {
			slog.Error("sandbox: provider left out: its path must be a lowercase name not used by the DVA itself, with a name and a source", "path", p.Path, "name", p.Name)
			continue
		}
		o := d.opts
		o.Provider, o.Providers, o.PathPrefix = p.Name, nil, "/"+p.Path
		if o.BaseURL != "" {
			o.BaseURL = strings.TrimSuffix(o.BaseURL, "/") + o.PathPrefix
		}
		d.subs = append(d.subs, NewDVA(d.db, p.Source, o))
	}
}

// provider returns the provider DVA a request is for, with the request
// as that DVA sees it (its path below the provider's prefix).
func (d *DVA) provider(r *http.Request) (*DVA, *http.Request) {
	for _, s := range d.subs {
		pre := s.opts.PathPrefix
		if r.URL.Path != pre && !strings.HasPrefix(r.URL.Path, pre+"/") {
			continue
		}
		r2 := new(http.Request)
		*r2 = *r
		u := *r.URL
		u.Path, u.RawPath = strings.TrimPrefix(r.URL.Path, pre), ""
		if u.Path == "" {
			u.Path = "/"
		}
		r2.URL = &u
		return s, r2
	}
	return nil, nil
}
