package intake

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/hackathon"
)

// MaxEndpoints is the longest endpoint list (bytes).
const MaxEndpoints = 2000

// ParticipantInput is what an organisation tells the organisers before
// the hackathon.
type ParticipantInput struct {
	Contact        string
	FollowUpOwner  string // who follows up the organisation's findings
	Product        string
	ProductVersion string
	DataService    string
	FHIRVersion    string
	Endpoints      string // one per line
	Readiness      string // self-assessed, 1–5
	Questions      string // open questions, one per line
}

// Validate trims the input and reports every wrong field at once.
func (in *ParticipantInput) Validate() (readiness int, err error) {
	var v apperr.Invalid
	checkText(&v, "contact", &in.Contact, MaxLine, true)
	checkText(&v, "followup_owner", &in.FollowUpOwner, MaxLine, true)
	checkText(&v, "product", &in.Product, MaxLine, true)
	checkText(&v, "product_version", &in.ProductVersion, MaxLine, false)
	checkText(&v, "data_service", &in.DataService, MaxLine, true)
	in.FHIRVersion = strings.ToUpper(strings.TrimSpace(in.FHIRVersion))
	known := false
	for _, f := range hackathon.FHIRVersions {
		known = known || f == in.FHIRVersion
	}
	if !known {
		v.AddCode("fhir_version", "intake_fhir", "must be STU3, R4, R5 or empty")
	}
	checkText(&v, "endpoints", &in.Endpoints, MaxEndpoints, false)
	checkText(&v, "questions", &in.Questions, MaxText, false)
	readiness, perr := strconv.Atoi(strings.TrimSpace(in.Readiness))
	if perr != nil || readiness < 1 || readiness > 5 {
		v.AddCode("readiness", "intake_readiness", "choose 1 to 5")
	}
	return readiness, v.Err()
}

// Participant is an organisation's stored intake.
type Participant struct {
	ParticipantInput
	HackathonID      int64
	OrganisationID   int64
	OrganisationName string
	ReadinessScore   int
	UpdatedAt        time.Time
}

// QuestionList is the open questions, one per non-empty line.
func (p Participant) QuestionList() []string { return lines(p.Questions) }

// EndpointList is the endpoints, one per non-empty line.
func (p Participant) EndpointList() []string { return lines(p.Endpoints) }

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// SaveParticipant stores (or replaces) organisation orgID's intake.
func (s *Service) SaveParticipant(ctx context.Context, hackathonID, orgID int64, in ParticipantInput, by int64) error {
	readiness, err := in.Validate()
	if err != nil {
		return err
	}
	now := s.Now()
	res, err := s.DB.Exec(ctx, `UPDATE participant_intakes SET contact = ?, followup_owner = ?, product = ?, product_version = ?,
		data_service = ?, fhir_version = ?, endpoints = ?, readiness = ?, questions = ?, updated_by = ?, updated_at = ?
		WHERE hackathon_id = ? AND organisation_id = ?`, in.Contact, in.FollowUpOwner, in.Product, in.ProductVersion,
		in.DataService, in.FHIRVersion, in.Endpoints, readiness, in.Questions, by, now, hackathonID, orgID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	_, err = s.DB.Exec(ctx, `INSERT INTO participant_intakes (hackathon_id, organisation_id, contact, followup_owner, product,
		product_version, data_service, fhir_version, endpoints, readiness, questions, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, hackathonID, orgID, in.Contact, in.FollowUpOwner, in.Product,
		in.ProductVersion, in.DataService, in.FHIRVersion, in.Endpoints, readiness, in.Questions, by, now)
	return err
}

const participantCols = `p.hackathon_id, p.organisation_id, o.name, p.contact, p.followup_owner, p.product, p.product_version,
	p.data_service, p.fhir_version, p.endpoints, p.readiness, p.questions, p.updated_at`

func scanParticipant(row interface{ Scan(...any) error }) (*Participant, error) {
	var p Participant
	err := row.Scan(&p.HackathonID, &p.OrganisationID, &p.OrganisationName, &p.Contact, &p.FollowUpOwner, &p.Product,
		&p.ProductVersion, &p.DataService, &p.FHIRVersion, &p.Endpoints, &p.ReadinessScore, &p.Questions, &p.UpdatedAt)
	p.Readiness = strconv.Itoa(p.ReadinessScore)
	return &p, err
}

// ParticipantOf loads organisation orgID's intake; nil when there is none.
func (s *Service) ParticipantOf(ctx context.Context, hackathonID, orgID int64) (*Participant, error) {
	p, err := scanParticipant(s.DB.QueryRow(ctx, `SELECT `+participantCols+` FROM participant_intakes p
		JOIN organisations o ON o.id = p.organisation_id WHERE p.hackathon_id = ? AND p.organisation_id = ?`, hackathonID, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return p, err
}

// Participants lists every organisation's intake in a hackathon by name.
func (s *Service) Participants(ctx context.Context, hackathonID int64) ([]Participant, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+participantCols+` FROM participant_intakes p
		JOIN organisations o ON o.id = p.organisation_id WHERE p.hackathon_id = ? ORDER BY o.name`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		p, err := scanParticipant(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// Question is one open question for the kick-off agenda and the FAQ.
type Question struct {
	Organisation string
	Text         string
}

// KickoffQuestions lists every open question of a hackathon's intakes, by
// organisation, for the kick-off agenda and the FAQ.
func (s *Service) KickoffQuestions(ctx context.Context, hackathonID int64) ([]Question, error) {
	ps, err := s.Participants(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	var out []Question
	for _, p := range ps {
		for _, q := range p.QuestionList() {
			out = append(out, Question{Organisation: p.OrganisationName, Text: q})
		}
	}
	return out, nil
}

// OrganisationOf is the organisation userID takes part for in a hackathon
// (0 when none).
func (s *Service) OrganisationOf(ctx context.Context, hackathonID, userID int64) (int64, error) {
	var org sql.NullInt64
	err := s.DB.QueryRow(ctx, `SELECT MIN(organisation_id) FROM hackathon_members WHERE hackathon_id = ? AND user_id = ?
		AND organisation_id IS NOT NULL`, hackathonID, userID).Scan(&org)
	return org.Int64, err
}
