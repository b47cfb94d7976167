package sandbox

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/store"
)

// HackathonProvider is a care provider declared for a hackathon (table
// hackathon_providers): a DVA of its own at {sandbox base}/{Path}, named
// Name on the ZAL and in its scopes, serving the test patients of one of
// the hackathon's dossiers.
//
// The sandbox reads the declared providers when it starts (LoadProviders);
// a provider added later is served after the next start. There is no page
// to declare one yet: the demo declares its two hospitals itself.
type HackathonProvider struct {
	ID          int64
	HackathonID int64
	Path        string
	Name        string
	DossierID   int64
	DossierName string // filled by HackathonProviders
	ServiceID   string // the dossier's data service, filled by HackathonProviders
}

// AddHackathonProvider declares a provider for a hackathon. The path is
// checked as Options.Providers checks it, and must be free; the dossier
// must belong to the hackathon.
func AddHackathonProvider(ctx context.Context, db *store.DB, p HackathonProvider) (int64, error) {
	inv := &apperr.Invalid{}
	if !providerPath.MatchString(p.Path) || slices.Contains(reservedPaths, p.Path) || isServicePath(p.Path) {
		inv.Add("path", "kleine letters, cijfers en streepjes; niet fhir, oauth, medmij of een gegevensdienst")
	}
	if !providerPath.MatchString(p.Name) {
		inv.Add("name", "kleine letters, cijfers en streepjes, zoals ziekenhuis-noord")
	}
	var hid int64
	err := db.QueryRow(ctx, "SELECT COALESCE(hackathon_id, 0) FROM dossiers WHERE id = ?", p.DossierID).Scan(&hid)
	if err != nil || hid != p.HackathonID || hid == 0 {
		inv.Add("dossier", "kies een testdossier van deze hackathon")
	}
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM hackathon_providers WHERE path = ?", p.Path).Scan(&n); err != nil {
		return 0, err
	} else if n > 0 {
		inv.Add("path", "dit pad is al in gebruik")
	}
	if err := inv.Err(); err != nil {
		return 0, err
	}
	return db.Insert(ctx, "INSERT INTO hackathon_providers (hackathon_id, path, name, dossier_id) VALUES (?, ?, ?, ?)",
		p.HackathonID, p.Path, p.Name, p.DossierID)
}

// isServicePath says whether path is a data service id the DVA serves
// itself ("48", "pzp", ...).
func isServicePath(path string) bool {
	for _, s := range KnownServices {
		if s.ID == path {
			return true
		}
	}
	return false
}

// HackathonProviders lists the providers declared for hackathon hid (all
// hackathons when hid is 0), in the order they were declared.
func HackathonProviders(ctx context.Context, db *store.DB, hid int64) ([]HackathonProvider, error) {
	q := "SELECT p.id, p.hackathon_id, p.path, p.name, p.dossier_id, d.name, d.service_id FROM hackathon_providers p JOIN dossiers d ON d.id = p.dossier_id"
	var args []any
	if hid != 0 {
		q += " WHERE p.hackathon_id = ?"
		args = append(args, hid)
	}
	rows, err := db.Query(ctx, q+" ORDER BY p.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HackathonProvider
	for rows.Next() {
		var p HackathonProvider
		if err := rows.Scan(&p.ID, &p.HackathonID, &p.Path, &p.Name, &p.DossierID, &p.DossierName, &p.ServiceID); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// LoadProviders returns the declared providers of every hackathon as
// Options.Providers, each serving the latest version of its dossier from
// dossiers: its patient chooser lists that dossier's patients only.
func LoadProviders(ctx context.Context, db *store.DB, dossiers *dossier.Store) ([]Provider, error) {
	list, err := HackathonProviders(ctx, db, 0)
	if err != nil {
		return nil, fmt.Errorf("sandbox providers: %w", err)
	}
	out := make([]Provider, 0, len(list))
	for _, p := range list {
		info, err := dossiers.Get(ctx, p.DossierID)
		if err != nil {
			return nil, fmt.Errorf("sandbox provider %s: %w", p.Path, err)
		}
		out = append(out, Provider{Name: p.Name, Path: p.Path,
			Source: ForService(info.ServiceID, OneDossier(dossiers, p.DossierID))})
	}
	return out, nil
}

// OneDossier is a Source over the latest version of one stored dossier.
func OneDossier(dossiers *dossier.Store, id int64) dossier.Source {
	return oneDossier{st: dossiers, id: id}
}

type oneDossier struct {
	st *dossier.Store
	id int64
}

func (o oneDossier) Patients(ctx context.Context) ([]dossier.PatientInfo, error) {
	set, err := o.st.Version(ctx, o.id, 0)
	if err != nil {
		return nil, err
	}
	return set.Patients(ctx)
}

// Dossier opens only keys of this dossier ("<id>:<patient>").
func (o oneDossier) Dossier(ctx context.Context, key string) (*dossier.Dossier, error) {
	if !strings.HasPrefix(key, strconv.FormatInt(o.id, 10)+":") {
		return nil, dossier.ErrNotFound
	}
	return o.st.Dossier(ctx, key)
}

// Removed implements RemovedResolver for this dossier's keys.
func (o oneDossier) Removed(ctx context.Context, key, typ, id string) (bool, error) {
	if !strings.HasPrefix(key, strconv.FormatInt(o.id, 10)+":") {
		return false, nil
	}
	return o.st.Removed(ctx, key, typ, id)
}

// providerKey says whether key is a patient of one of this DVA's providers
// served from a dossier of its own (LoadProviders): the root DVA neither
// offers nor admits such a patient, as each hospital's patients are its own.
func (d *DVA) providerKey(key string) bool {
	for _, s := range d.subs {
		src := s.source
		if ss, ok := src.(*serviceSource); ok {
			src = ss.src
		}
		if o, ok := src.(oneDossier); ok && strings.HasPrefix(key, strconv.FormatInt(o.id, 10)+":") {
			return true
		}
	}
	return false
}
