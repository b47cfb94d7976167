package hackathon

import (
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// Hackathon is one event: its facts, not its plan.
type Hackathon struct {
	ID            int64             `json:"id"`
	Code          string            `json:"code"`
	Name          string            `json:"name"`
	Variant       blueprint.Variant `json:"variant"`
	Description   string            `json:"description"`
	Location      string            `json:"location"`
	Kickoff       date.Date         `json:"kickoff_date"`
	Days          []date.Date       `json:"days"`
	Services      []DataService     `json:"data_services"`
	Financier     string            `json:"financier"`
	ClientOrg     string            `json:"client_org"`
	ContractorOrg string            `json:"contractor_org"`
	CreatedAt     time.Time         `json:"created_at"`
	UpdatedAt     time.Time         `json:"updated_at"`
}

// DataService is a data service (gegevensdienst) under test.
type DataService struct {
	ServiceID   string `json:"service_id"`   // e.g. "48"
	Name        string `json:"name"`         // e.g. "Basisgegevensset Zorg"
	Standard    string `json:"standard"`     // e.g. "MedMij BgZ 3.0"
	FHIRVersion string `json:"fhir_version"` // "STU3", "R4" or ""
}

// FirstDay is day 1, or the zero date.
func (h *Hackathon) FirstDay() date.Date {
	if len(h.Days) == 0 {
		return date.Date{}
	}
	return h.Days[0]
}

// LastDay is the last hackathon day, or the zero date.
func (h *Hackathon) LastDay() date.Date {
	if len(h.Days) == 0 {
		return date.Date{}
	}
	return h.Days[len(h.Days)-1]
}

// ErrNotFound is returned for an unknown hackathon.
var ErrNotFound = fmt.Errorf("hackathon %w", apperr.ErrNotFound)

// Service is the hackathon capability over the database.
type Service struct {
	DB  *store.DB
	Now func() time.Time
}

// NewService returns a Service using the wall clock.
func NewService(db *store.DB) *Service {
	return &Service{DB: db, Now: func() time.Time { return time.Now().UTC() }}
}
