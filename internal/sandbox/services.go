package sandbox

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// Service is a MedMij data service (gegevensdienst) the sandbox can serve,
// as configuration: a hackathon on another data service adds one to
// Options.Catalog, no code. Each has its own resource endpoint,
// {base}/{id}/fhir, and scope unit {provider}~{id}; its searches are FHIR
// search as the SearchParameters of its release define them (package
// fhirsearch), limited to the resource types in Searches.
type Service struct {
	ID       string       // GegevensdienstId, e.g. "48"; also the scope unit after "{provider}~"
	Name     string       // Weergavenaam, as on the GNL
	FHIR     fhir.Version // the release its resource endpoint speaks
	RoleCode string       // Systeemrolcode of the resource endpoint on the ZAL
	// Searches are the resource types a PGO may search (and the
	// CapabilityStatement lists); empty allows every type of the release.
	// Reads are not limited: a search's references must resolve.
	Searches []string
}

// KnownServices are the data services the sandbox knows by default. "pzp"
// (proactive care planning) has no MedMij data service id yet; the sandbox
// uses its own. The system role codes follow the MedMij pattern but are the
// sandbox's own. The search types are those of the Nictiz qualification
// scripts (PHR-Client and XIS-Server) and the resources they include.
var KnownServices = []Service{
	{ID: "48", Name: "Basisgegevens Zorg (BgZ) 3.0", FHIR: fhir.STU3, RoleCode: "MM-3.0-BZB-FHIR", Searches: []string{
		"Patient", "Coverage", "Consent", "Observation", "Condition", "NutritionOrder", "Flag", "AllergyIntolerance",
		"MedicationStatement", "MedicationRequest", "MedicationDispense", "DeviceUseStatement", "Immunization", "Procedure", "Encounter",
		"ProcedureRequest", "ImmunizationRecommendation", "Appointment", "DeviceRequest", "Practitioner", "PractitionerRole",
		"Organization", "Location", "RelatedPerson", "Specimen", "Medication", "Device"}},
	{ID: "49", Name: "Huisartsgegevens 2.0", FHIR: fhir.STU3, RoleCode: "MM-2.0-HAB-FHIR", Searches: []string{
		"Patient", "Encounter", "EpisodeOfCare", "Observation", "Composition", "MedicationRequest", "AllergyIntolerance", "Condition",
		"Flag", "Medication", "Practitioner", "PractitionerRole", "Organization", "Location"}},
	{ID: "51", Name: "Documenten (PDF/A) 3.0", FHIR: fhir.STU3, RoleCode: "MM-3.0-PDB-FHIR", Searches: []string{
		"DocumentReference", "DocumentManifest", "Binary", "Patient", "Practitioner", "PractitionerRole", "Organization"}},
	{ID: "63", Name: "Vaccinaties 1.0", FHIR: fhir.R4, RoleCode: "MM-1.0-VAB-FHIR", Searches: []string{
		"Immunization", "Patient", "Medication", "Organization", "Practitioner", "PractitionerRole", "Location"}},
	{ID: "pzp", Name: "Proactieve zorgplanning (sandbox)", FHIR: fhir.R4, RoleCode: "KT-1.0-PZP-FHIR", Searches: []string{
		"Consent", "Procedure", "Goal", "Patient", "RelatedPerson", "Practitioner", "PractitionerRole", "Organization", "Condition"}},
}

// LookupService returns the known data service with id.
func LookupService(id string) (Service, bool) { return lookupIn(KnownServices, id) }

func lookupIn(catalog []Service, id string) (Service, bool) {
	for _, s := range catalog {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

// service returns the data service id of this DVA's catalog.
func (d *DVA) service(id string) (Service, bool) { return lookupIn(d.opts.Catalog, id) }

// searchable reports whether data service id allows searches on typ (an
// unknown service allows every type).
func (d *DVA) searchable(id, typ string) bool {
	s, ok := d.service(id)
	return !ok || len(s.Searches) == 0 || slices.Contains(s.Searches, typ)
}

func serviceIDs(catalog []Service) []string {
	out := make([]string, len(catalog))
	for i, s := range catalog {
		out[i] = s.ID
	}
	return out
}

// defaultService is the data service of a dossier that does not name one:
// BgZ for STU3, vaccinations for R4.
func defaultService(v fhir.Version) string {
	if v == fhir.R4 {
		return "63"
	}
	return "48"
}

// ServiceResolver is implemented by sources that know the data service of
// each patient's dossier.
type ServiceResolver interface {
	ServiceOf(ctx context.Context, key string) (string, error)
}

// RemovedResolver is implemented by sources that keep dossier versions:
// Removed reports whether resource typ/id was in an earlier version of the
// patient's dossier (so a read answers 410 Gone instead of 404).
type RemovedResolver interface {
	Removed(ctx context.Context, key, typ, id string) (bool, error)
}

// ForService gives every patient of src the data service id.
func ForService(id string, src dossier.Source) dossier.Source {
	return &serviceSource{id: id, src: src}
}

type serviceSource struct {
	id  string
	src dossier.Source
}

func (s *serviceSource) Patients(ctx context.Context) ([]dossier.PatientInfo, error) {
	return s.src.Patients(ctx)
}

func (s *serviceSource) Dossier(ctx context.Context, key string) (*dossier.Dossier, error) {
	return s.src.Dossier(ctx, key)
}

func (s *serviceSource) ServiceOf(context.Context, string) (string, error) { return s.id, nil }

func (s *serviceSource) Removed(ctx context.Context, key, typ, id string) (bool, error) {
	if rr, ok := s.src.(RemovedResolver); ok {
		return rr.Removed(ctx, key, typ, id)
	}
	return false, nil
}

// Merge combines sources whose patient keys do not overlap: Patients lists
// them all, Dossier asks each in turn.
func Merge(srcs ...dossier.Source) dossier.Source { return multiSource(srcs) }

type multiSource []dossier.Source

func (m multiSource) Patients(ctx context.Context) ([]dossier.PatientInfo, error) {
	var out []dossier.PatientInfo
	for _, s := range m {
		ps, err := s.Patients(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

func (m multiSource) owner(ctx context.Context, key string) (dossier.Source, *dossier.Dossier, error) {
	for _, s := range m {
		d, err := s.Dossier(ctx, key)
		if err == nil {
			return s, d, nil
		}
		if !errors.Is(err, dossier.ErrNotFound) {
			return nil, nil, err
		}
	}
	return nil, nil, dossier.ErrNotFound
}

func (m multiSource) Dossier(ctx context.Context, key string) (*dossier.Dossier, error) {
	_, d, err := m.owner(ctx, key)
	return d, err
}

func (m multiSource) ServiceOf(ctx context.Context, key string) (string, error) {
	s, d, err := m.owner(ctx, key)
	if err != nil {
		return "", err
	}
	return serviceOf(ctx, s, key, d, nil)
}

func (m multiSource) Removed(ctx context.Context, key, typ, id string) (bool, error) {
	s, _, err := m.owner(ctx, key)
	if err != nil {
		return false, err
	}
	if rr, ok := s.(RemovedResolver); ok {
		return rr.Removed(ctx, key, typ, id)
	}
	return false, nil
}

// storeServices caches the service_id of stored dossiers (it only changes
// with the dossier itself, so a short cache is safe and saves a query per
// request).
type storeServices struct {
	mu sync.Mutex
	m  map[int64]cachedService
}

type cachedService struct {
	id    string
	until time.Time
}

const serviceCacheTTL = 30 * time.Second

// serviceOf finds the data service of the dossier behind key: from the
// source when it knows, from the dossier store's service_id, or by the FHIR
// release of the dossier.
func serviceOf(ctx context.Context, src dossier.Source, key string, d *dossier.Dossier, cache *storeServices) (string, error) {
	switch s := src.(type) {
	case ServiceResolver:
		return s.ServiceOf(ctx, key)
	case *dossier.Store:
		ids, _, _ := strings.Cut(key, ":")
		id, err := strconv.ParseInt(ids, 10, 64)
		if err != nil {
			return "", dossier.ErrNotFound
		}
		now := time.Now()
		if cache != nil {
			cache.mu.Lock()
			c, ok := cache.m[id]
			cache.mu.Unlock()
			if ok && now.Before(c.until) {
				return c.id, nil
			}
		}
		info, err := s.Get(ctx, id)
		if err != nil {
			return "", err
		}
		svc := info.ServiceID
		if svc == "" {
			svc = defaultService(info.FHIRVersion)
		}
		if cache != nil {
			cache.mu.Lock()
			if cache.m == nil {
				cache.m = map[int64]cachedService{}
			}
			cache.m[id] = cachedService{id: svc, until: now.Add(serviceCacheTTL)}
			cache.mu.Unlock()
		}
		return svc, nil
	}
	if d == nil {
		var err error
		if d, err = src.Dossier(ctx, key); err != nil {
			return "", err
		}
	}
	return defaultService(d.FHIRVersion), nil
}

// grantedServices returns the data services a scope grants here.
func (d *DVA) grantedServices(scope string) []string {
	s, err := ParseScope(scope, d.opts.Provider, d.opts.Services)
	if err != nil {
		return nil
	}
	return s
}

func (d *DVA) serves(id string) bool { return slices.Contains(d.opts.Services, id) }
