package intake

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Request statuses.
const (
	StatusNew      = "new"
	StatusAccepted = "accepted"
	StatusDeclined = "declined"
	StatusAdvised  = "advised" // another instrument was advised
)

// Field limits (bytes).
const (
	MaxLine = 200  // organisation, contact, data service, period
	MaxText = 5000 // goal, reason, response
)

// RequestInput is what a party enters to ask for a hackathon.
type RequestInput struct {
	Organisation string
	Contact      string
	DataService  string
	Goal         string
	Reason       string // why a hackathon rather than another instrument
	Period       string
}

// Validate trims the input and reports every wrong field at once.
func (in *RequestInput) Validate() error {
	var v apperr.Invalid
	checkText(&v, "organisation", &in.Organisation, MaxLine, true)
	checkText(&v, "contact", &in.Contact, MaxLine, true)
	checkText(&v, "data_service", &in.DataService, MaxLine, true)
	checkText(&v, "goal", &in.Goal, MaxText, true)
	checkText(&v, "reason", &in.Reason, MaxText, true)
	checkText(&v, "period", &in.Period, MaxLine, true)
	return v.Err()
}

// Request is a stored hackathon request.
type Request struct {
	RequestInput
	ID             int64
	RequesterID    int64
	RequesterName  string
	RequesterEmail string
	Status         string
	Response       string
	HackathonID    int64
	CreatedAt      time.Time
}

// Service stores requests and intakes.
type Service struct {
	DB         *store.DB
	Hackathons *hackathon.Service
	Outbox     *comms.Outbox
	Now        func() time.Time
}

// NewService returns a service over db.
func NewService(db *store.DB, h *hackathon.Service, o *comms.Outbox) *Service {
	return &Service{DB: db, Hackathons: h, Outbox: o, Now: func() time.Time { return time.Now().UTC() }}
}

// Submit stores a new request from requesterID.
func (s *Service) Submit(ctx context.Context, in RequestInput, requesterID int64) (int64, error) {
	if err := in.Validate(); err != nil {
		return 0, err
	}
	return s.DB.Insert(ctx, `INSERT INTO hackathon_requests (requester_id, organisation, contact, data_service, goal, reason, period,
		status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?)`,
		requesterID, in.Organisation, in.Contact, in.DataService, in.Goal, in.Reason, in.Period, StatusNew, s.Now())
}

const requestCols = `r.id, r.requester_id, u.name, u.email, r.organisation, r.contact, r.data_service, r.goal, r.reason, r.period,
	r.status, r.response, r.hackathon_id, r.created_at`

func scanRequest(row interface{ Scan(...any) error }) (*Request, error) {
	var r Request
	var hid sql.NullInt64
	err := row.Scan(&r.ID, &r.RequesterID, &r.RequesterName, &r.RequesterEmail, &r.Organisation, &r.Contact, &r.DataService,
		&r.Goal, &r.Reason, &r.Period, &r.Status, &r.Response, &hid, &r.CreatedAt)
	r.HackathonID = hid.Int64
	return &r, err
}

// Requests lists every request, open ones first, newest first.
func (s *Service) Requests(ctx context.Context) ([]Request, error) {
	rows, err := s.DB.Query(ctx, `SELECT `+requestCols+` FROM hackathon_requests r JOIN users u ON u.id = r.requester_id
		ORDER BY CASE WHEN r.status = 'new' THEN 0 ELSE 1 END, r.id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// Get loads one request.
func (s *Service) Get(ctx context.Context, q store.Querier, id int64) (*Request, error) {
	r, err := scanRequest(q.QueryRow(ctx, `SELECT `+requestCols+` FROM hackathon_requests r JOIN users u ON u.id = r.requester_id WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("hackathon request %d: %w", id, apperr.ErrNotFound)
	}
	return r, err
}
