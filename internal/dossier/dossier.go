// Package dossier owns test dossiers: versioned sets of FHIR resources for
// synthetic test patients. A set is imported from a folder, a zip file or a
// Bundle, kept in the database (dossiers, dossier_versions,
// dossier_resources) and exported again as a Bundle. The sandbox DVA reads
// one patient's view of a set through [Source].
//
// A resource belongs to a patient when it is that Patient or references it
// (Patient/<id>); resources that reference no patient at all (Practitioner,
// Organization, Medication, ...) are shared by every patient of the set.
package dossier

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/fhir"
)

// ErrNotFound is returned for an unknown dossier, version or patient; it
// wraps apperr.ErrNotFound so that pages answer 404.
var ErrNotFound = fmt.Errorf("dossier: %w", apperr.ErrNotFound)

// PatientInfo describes a test patient for choosers and lists.
type PatientInfo struct {
	Key       string // opaque key a Source resolves, stable per dossier
	ID        string // the Patient resource id
	Name      string // display name, e.g. "Johan XXX_Helleman"
	BirthDate string
	Gender    string
	Dossier   string // name of the set it comes from
	// Of the stored dossier the set comes from (zero for a bare Set).
	DossierID   int64
	HackathonID int64
	ServiceID   string
	FHIRVersion fhir.Version
}

// Source gives the patients that can log in and each one's dossier.
type Source interface {
	Patients(ctx context.Context) ([]PatientInfo, error)
	Dossier(ctx context.Context, key string) (*Dossier, error)
}

// Dossier is what one patient's sandbox exposes: the patient's own
// resources plus the shared ones, indexed by type and by "Type/id".
type Dossier struct {
	Patient     PatientInfo
	FHIRVersion fhir.Version
	byType      map[string][]*fhir.Resource
	byRef       map[string]*fhir.Resource
}

// PatientResource returns the Patient resource.
func (d *Dossier) PatientResource() *fhir.Resource { return d.byRef["Patient/"+d.Patient.ID] }

// OfType returns the resources of type typ, in import order.
func (d *Dossier) OfType(typ string) []*fhir.Resource { return d.byType[typ] }

// Lookup resolves a reference "Type/id" (or an absolute URL ending in it).
func (d *Dossier) Lookup(ref string) *fhir.Resource {
	if r, ok := d.byRef[ref]; ok {
		return r
	}
	ref = strings.TrimSuffix(ref, "/")
	if i := strings.LastIndexByte(ref, '/'); i > 0 {
		if j := strings.LastIndexByte(ref[:i], '/'); j >= 0 {
			return d.byRef[ref[j+1:]]
		}
	}
	return nil
}

// Len returns the number of resources in the dossier.
func (d *Dossier) Len() int { return len(d.byRef) }

// Set is an imported set of resources, possibly for several patients.
type Set struct {
	Name        string
	FHIRVersion fhir.Version
	Resources   []*fhir.Resource
	keyPrefix   string
	dossiers    map[string]*Dossier // by patient key
	patients    []PatientInfo
}

// NewSet indexes resources (all of one FHIR version). Every resource needs a
// type and an id, and "Type/id" must be unique. keyPrefix is put before the
// patient id to form the patient keys.
func NewSet(name, keyPrefix string, resources []*fhir.Resource) (*Set, error) {
	s := &Set{Name: name, Resources: resources, keyPrefix: keyPrefix, dossiers: map[string]*Dossier{}}
	seen := map[string]bool{}
	var shared []*fhir.Resource
	owned := map[string][]*fhir.Resource{}
	for _, r := range resources {
		if r == nil || r.Type() == "" || r.ID() == "" {
			return nil, errors.New("dossier: every resource needs a type and an id")
		}
		if s.FHIRVersion == fhir.Unknown {
			s.FHIRVersion = r.Version
		} else if r.Version != fhir.Unknown && r.Version != s.FHIRVersion {
			return nil, fmt.Errorf("dossier: %s/%s is %s, the set is %s", r.Type(), r.ID(), r.Version, s.FHIRVersion)
		}
		ref := r.Type() + "/" + r.ID()
		if seen[ref] {
			return nil, fmt.Errorf("dossier: %s occurs twice", ref)
		}
		seen[ref] = true
		pats := PatientRefs(r)
		if len(pats) == 0 {
			shared = append(shared, r)
		}
		for _, p := range pats {
			owned[p] = append(owned[p], r)
		}
	}
	for _, r := range resources {
		if r.Type() != "Patient" {
			continue
		}
		info := patientInfo(r)
		info.Key = keyPrefix + r.ID()
		info.Dossier = name
		d := &Dossier{Patient: info, FHIRVersion: s.FHIRVersion, byType: map[string][]*fhir.Resource{}, byRef: map[string]*fhir.Resource{}}
		// Keep the import order: shared and owned resources interleaved as imported.
		mine := map[*fhir.Resource]bool{}
		for _, o := range owned[r.ID()] {
			mine[o] = true
		}
		for _, sr := range shared {
			mine[sr] = true
		}
		for _, x := range resources {
			if mine[x] {
				d.byType[x.Type()] = append(d.byType[x.Type()], x)
				d.byRef[x.Type()+"/"+x.ID()] = x
			}
		}
		s.dossiers[info.Key] = d
		s.patients = append(s.patients, info)
	}
	sort.SliceStable(s.patients, func(i, j int) bool { return s.patients[i].ID < s.patients[j].ID })
	return s, nil
}

// Patients implements Source.
func (s *Set) Patients(context.Context) ([]PatientInfo, error) {
	return append([]PatientInfo(nil), s.patients...), nil
}

// Dossier implements Source.
func (s *Set) Dossier(_ context.Context, key string) (*Dossier, error) {
	if d, ok := s.dossiers[key]; ok {
		return d, nil
	}
	return nil, ErrNotFound
}

// PatientRefs returns the ids of the patients r belongs to: its own id for a
// Patient, otherwise every Patient/<id> it references (deduplicated).
func PatientRefs(r *fhir.Resource) []string {
	if r.Type() == "Patient" {
		return []string{r.ID()}
	}
	var out []string
	seen := map[string]bool{}
	walkRefs(r.Root, func(ref string) {
		id, ok := patientID(ref)
		if ok && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	})
	return out
}

// patientID extracts the id from "Patient/<id>" or ".../Patient/<id>".
func patientID(ref string) (string, bool) {
	i := strings.LastIndex(ref, "Patient/")
	if i < 0 || (i > 0 && ref[i-1] != '/') {
		return "", false
	}
	id := ref[i+len("Patient/"):]
	if id == "" || strings.ContainsAny(id, "/?#") {
		return "", false
	}
	return id, true
}

// walkRefs calls fn with every Reference.reference value below n, not
// descending into contained resources of other patients' concern.
func walkRefs(n *fhir.Node, fn func(string)) {
	for _, c := range n.Children {
		if c.Name == "reference" && c.Kind.HasValue() {
			fn(c.Value)
		}
		if len(c.Children) > 0 {
			walkRefs(c, fn)
		}
	}
}

// patientInfo reads the display fields of a Patient.
func patientInfo(r *fhir.Resource) PatientInfo {
	info := PatientInfo{ID: r.ID(), BirthDate: r.String("birthDate"), Gender: r.String("gender")}
	for _, name := range r.Get("name") {
		if t := name.String("text"); t != "" {
			info.Name = t
			break
		}
		parts := append(name.Strings("given"), name.Strings("family")...)
		if len(parts) > 0 {
			info.Name = strings.Join(parts, " ")
			break
		}
	}
	if info.Name == "" {
		info.Name = r.ID()
	}
	return info
}

// label records the stored dossier a set comes from in its patients.
func (s *Set) label(i Info) {
	set := func(p *PatientInfo) {
		p.DossierID, p.HackathonID, p.ServiceID, p.FHIRVersion = i.ID, i.HackathonID, i.ServiceID, i.FHIRVersion
	}
	for k := range s.patients {
		set(&s.patients[k])
	}
	for _, d := range s.dossiers {
		set(&d.Patient)
	}
}
