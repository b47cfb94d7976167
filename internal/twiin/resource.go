package twiin

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/testca"
)

// ResourceServer guards a FHIR server of a sending organisation (holder):
// every request needs a token issued for an authorization base of this
// hackathon, and only the reads and the exact queries the base lists pass,
// until its period ends; anything else is 403 with an OperationOutcome and
// never data. Next receives the base's patient BSN (PatientBSN) so that
// it can narrow its answers to that patient.
type ResourceServer struct {
	Hackathon string
	Auth      Authorizer
	Bases     orgauth.BaseStore
	BaseURL   string // external FHIR base, for DPoP htu
	Next      http.Handler
	Record    Recorder
	Now       func() time.Time
}

type bsnKey struct{}

// PatientBSN returns the BSN the request is narrowed to.
func PatientBSN(ctx context.Context) string {
	s, _ := ctx.Value(bsnKey{}).(string)
	return s
}

// ServeHTTP checks and forwards.
func (rs *ResourceServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now
	if rs.Now != nil {
		now = rs.Now
	}
	ex := Exchange{Role: "holder", At: now(), Method: r.Method, Path: RecordedPath(r.URL)}
	if p, ok := testca.PeerOf(r); ok {
		ex.PeerSubject, ex.PeerURA = p.Subject, p.URA
	}
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if rs.Record != nil {
			ex.Status = sw.status
			rs.Record(ex)
		}
	}()
	deny := func(status int, code, msg string) {
		ex.Note = msg
		if status == http.StatusUnauthorized {
			sw.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		}
		writeOutcome(sw, status, code, msg)
	}
	tok, err := rs.Auth.Authorize(r, strings.TrimSuffix(rs.BaseURL, "/")+r.URL.Path)
	if err != nil {
		deny(http.StatusUnauthorized, "login", "geen geldig access token: "+err.Error())
		return
	}
	ex.TokenURA = tok.URA
	if tok.Base == "" {
		deny(http.StatusForbidden, "forbidden", "token zonder autorisatiebasis: notified pull vraagt de authorization_base uit de notificatie")
		return
	}
	base, err := rs.Bases.Base(r.Context(), tok.Base)
	switch {
	case err != nil || base.Hackathon != rs.Hackathon:
		deny(http.StatusForbidden, "forbidden", "autorisatiebasis onbekend")
		return
	case base.Cancelled:
		deny(http.StatusForbidden, "forbidden", "autorisatiebasis is ingetrokken")
		return
	case !now().Before(base.NotAfter):
		deny(http.StatusForbidden, "forbidden", "de periode van de autorisatiebasis is voorbij")
		return
	}
	if r.Method != http.MethodGet {
		deny(http.StatusForbidden, "forbidden", "alleen GET (lezen en zoeken) valt onder een autorisatiebasis")
		return
	}
	rel := strings.TrimPrefix(r.URL.Path, "/")
	if !Covers(base, rel, r.URL.RawQuery) {
		q := rel
		if r.URL.RawQuery != "" {
			q += "?" + r.URL.RawQuery
		}
		deny(http.StatusForbidden, "forbidden", "verzoek "+q+" valt buiten de autorisatiebasis (alleen de genoemde queries en reads)")
		return
	}
	if typ, _, _ := strings.Cut(rel, "/"); !slices.Contains(strings.Fields(tok.Scope), typ) {
		deny(http.StatusForbidden, "forbidden", "resourcetype "+typ+" valt buiten de scope van het token")
		return
	}
	r = r.WithContext(context.WithValue(r.Context(), bsnKey{}, base.PatientBSN))
	rs.Next.ServeHTTP(sw, r)
}

// Covers reports whether the base allows the relative request rel
// ("Type", "Type/$op", "Type/id") with rawQuery: a listed read, or a
// listed query with the same path and the same parameters (order and
// percent-encoding aside).
func Covers(b *orgauth.Base, rel, rawQuery string) bool {
	path, err := url.PathUnescape(rel)
	if err != nil {
		return false
	}
	if rawQuery == "" && slices.Contains(b.Reads, path) && !strings.Contains(path, "$") {
		return true
	}
	have, err := url.ParseQuery(rawQuery)
	if err != nil {
		return false
	}
	for _, q := range b.Queries {
		qp, qq, _ := strings.Cut(q, "?")
		if up, err := url.PathUnescape(qp); err != nil || up != path {
			continue
		}
		want, err := url.ParseQuery(qq)
		if err != nil || len(want) != len(have) {
			continue
		}
		same := true
		for k, wv := range want {
			hv := have[k]
			if len(hv) != len(wv) {
				same = false
				break
			}
			a, c := slices.Clone(wv), slices.Clone(hv)
			slices.Sort(a)
			slices.Sort(c)
			if !slices.Equal(a, c) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}
