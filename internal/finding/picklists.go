package finding

import "context"

// Participant is an organisation taking part in a hackathon, for the pick
// lists of the logging screen.
type Participant struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	ChainRole string `json:"chain_role"`
}

// Participants lists the organisations of a hackathon: those with a
// confirmed or waitlisted registration whose organisation link is approved,
// members' organisations and the actors. The logging screen offers these first.
func (s *Service) Participants(ctx context.Context, hackathonID int64) ([]Participant, error) {
	rows, err := s.DB.Query(ctx, `SELECT o.id, o.name, o.chain_role FROM organisations o WHERE o.id IN (
			SELECT organisation_id FROM registrations WHERE hackathon_id = ? AND organisation_id IS NOT NULL AND status IN ('confirmed', 'waitlist') AND org_approval = 'approved'
			UNION SELECT organisation_id FROM hackathon_members WHERE hackathon_id = ? AND organisation_id IS NOT NULL
			UNION SELECT organisation_id FROM finding_actors WHERE hackathon_id = ?)
		ORDER BY o.name`, hackathonID, hackathonID, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		var p Participant
		if err := rows.Scan(&p.ID, &p.Name, &p.ChainRole); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Reporters lists the names of the hackathon's registered people with
// their organisation ("Naam (Organisatie)"), for the "reported by" field.
// A person whose link to an existing organisation still awaits the
// organisers' approval is listed by name only.
func (s *Service) Reporters(ctx context.Context, hackathonID int64) ([]string, error) {
	rows, err := s.DB.Query(ctx, `SELECT r.name, CASE WHEN r.org_approval = 'approved' THEN COALESCE(o.name, '') ELSE '' END FROM registrations r LEFT JOIN organisations o ON o.id = r.organisation_id
		WHERE r.hackathon_id = ? AND r.status IN ('confirmed', 'waitlist') ORDER BY r.name`, hackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n, o string
		if err := rows.Scan(&n, &o); err != nil {
			return nil, err
		}
		if o != "" {
			n += " (" + o + ")"
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// RecentBy lists the latest findings a user logged in a hackathon, newest
// first, at most n. A logger may always see what they logged.
func (s *Service) RecentBy(ctx context.Context, hackathonID, userID int64, n int) ([]*Finding, error) {
	rows, err := s.DB.Query(ctx, "SELECT "+findingCols+findingFrom+"WHERE f.hackathon_id = ? AND f.logged_by = ? ORDER BY f.number DESC LIMIT ?", hackathonID, userID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Finding
	for rows.Next() {
		f, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
