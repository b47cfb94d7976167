package participant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// The approval states of a registration's link to its organisation. Only an
// approved link gives organisation-bound rights: "create accounts" gives the
// deelnemer role bound to the organisation to approved registrations only.
const (
	ApprovalApproved = "approved"
	ApprovalPending  = "pending"  // wacht op goedkeuring van de organisatie
	ApprovalRejected = "rejected" // rejected by an organiser; the registration is cancelled
)

// Why a link was approved.
const (
	BasisCreated   = "created"   // first registrant of a new organisation name
	BasisDomain    = "domain"    // same company mail domain as an approved person or the issue owner
	BasisOrganiser = "organiser" // entered, imported or approved by an organiser
)

// publicMailDomains are mail domains anyone can get an address at: a
// registrant's address there never proves they work at an organisation.
var publicMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "outlook.nl": true, "hotmail.com": true, "hotmail.nl": true,
	"live.com": true, "live.nl": true, "msn.com": true, "ziggo.nl": true, "kpnmail.nl": true, "kpnplanet.nl": true, "planet.nl": true,
	"home.nl": true, "xs4all.nl": true, "hetnet.nl": true, "casema.nl": true, "upcmail.nl": true, "tele2.nl": true, "online.nl": true,
	"icloud.com": true, "me.com": true, "mac.com": true, "yahoo.com": true, "yahoo.nl": true, "ymail.com": true, "aol.com": true,
	"proton.me": true, "protonmail.com": true, "pm.me": true, "gmx.com": true, "gmx.net": true, "gmx.de": true, "mail.com": true,
	"zoho.com": true, "yandex.com": true, "tutanota.com": true, "tuta.io": true, "fastmail.com": true, "web.de": true,
}

// PublicMailDomain reports whether domain is a public mail provider's.
func PublicMailDomain(domain string) bool { return publicMailDomains[strings.ToLower(domain)] }

// mailDomain is the lower-case domain of an address, "" when it has none.
func mailDomain(email string) string {
	i := strings.LastIndexByte(email, '@')
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(email[i+1:]))
}

// joinApproval decides the approval of a self-registration for orgID: one
// that created the organisation is approved; one that joined an existing
// organisation is approved only when its (non-public) mail domain is that of
// the organisation's issue owner or of an approved registration of it, and
// otherwise waits for an organiser.
func joinApproval(ctx context.Context, tx *store.Tx, orgID int64, created bool, email string) (state, basis string, err error) {
	if created {
		return ApprovalApproved, BasisCreated, nil
	}
	domain := mailDomain(email)
	if domain == "" || PublicMailDomain(domain) {
		return ApprovalPending, "", nil
	}
	rows, err := tx.Query(ctx, `SELECT email FROM registrations WHERE organisation_id = ? AND email <> ? AND org_approval <> 'rejected'
		AND (org_approval = 'approved' OR is_issue_owner = ?)`, orgID, email, true)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	for rows.Next() {
		var other string
		if err := rows.Scan(&other); err != nil {
			return "", "", err
		}
		if mailDomain(other) == domain {
			return ApprovalApproved, BasisDomain, nil
		}
	}
	return ApprovalPending, "", rows.Err()
}

// pendingNotices tell a registrant who joined an existing organisation that
// the organisers check that link before they get access on its behalf.
var pendingNotices = map[string]string{
	"nl": "\nLet op: je koppeling aan %s wordt eerst gecontroleerd door de organisatie van de hackathon.\n" +
		"Pas na hun goedkeuring krijg je toegang namens %s.\n",
	"en": "\nPlease note: the hackathon's organisers will check your link to %s first.\n" +
		"You get access on behalf of %s only after their approval.\n",
}

// PendingNotice is the paragraph added to the mails of a registration whose
// link to org waits for approval, in lang (Dutch by default).
func PendingNotice(lang, org string) string {
	t, ok := pendingNotices[lang]
	if !ok {
		t = pendingNotices["nl"]
	}
	return fmt.Sprintf(t, org, org)
}

// ApprovalResult tells what an approve or reject of several registrations did.
type ApprovalResult struct {
	Changed int `json:"changed"` // registrations approved or rejected
	Skipped int `json:"skipped"` // not waiting for approval (already decided)
}

// AwaitingApproval counts the hackathon's registrations whose link to their
// organisation waits for approval, and of those how many are confirmed
// (the ones "create accounts" skips).
func (s *Service) AwaitingApproval(ctx context.Context, hackathonID int64) (all, confirmed int, err error) {
	err = s.DB.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0) FROM registrations
		WHERE hackathon_id = ? AND org_approval = 'pending' AND status <> 'cancelled'`, hackathonID).Scan(&all, &confirmed)
	return all, confirmed, err
}

// Approve approves the organisation links of the given registrations that
// wait for approval (an organiser's decision); others are skipped. Run
// "create accounts" again afterwards to give the approved their role.
func (s *Service) Approve(ctx context.Context, h *hackathon.Hackathon, ids []int64, by int64) (ApprovalResult, error) {
	var res ApprovalResult
	if len(ids) == 0 {
		return res, apperr.Field("ids", "choose at least one registration")
	}
	now := s.Now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			r, err := s.regWhere(ctx, tx, "r.id = ? AND r.hackathon_id = ?", id, h.ID)
			if err != nil {
				return err
			}
			if r.Approval != ApprovalPending {
				res.Skipped++
				continue
			}
			if _, err := tx.Exec(ctx, "UPDATE registrations SET org_approval = 'approved', org_approval_basis = 'organiser', org_approval_reason = '' WHERE id = ?", id); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, At: now, Entity: "registration",
				EntityID: strconv.FormatInt(id, 10), Action: "organisation link approved", From: ApprovalPending,
				To: fmt.Sprintf("%s organisation=%d", ApprovalApproved, r.OrganisationID)}); err != nil {
				return err
			}
			res.Changed++
		}
		return nil
	})
	if err != nil {
		return ApprovalResult{}, err
	}
	return res, nil
}

// MaxRejectReason bounds the reason of a rejection.
const MaxRejectReason = 1000

var rejectTemplates = map[string]comms.Template{
	"nl": {Subject: "Aanmelding niet goedgekeurd: {hackathon}",
		Body: "Beste {name},\n\nJe hebt je voor {hackathon} aangemeld namens {organisation}. De organisatie van de hackathon heeft die koppeling niet goedgekeurd;\n" +
			"je aanmelding is daarom geannuleerd.\n\nReden: {reason}\n\nKlopt dit niet? Neem contact op met je organisatie of met de organisatie van de hackathon.\n"},
	"en": {Subject: "Registration not approved: {hackathon}",
		Body: "Dear {name},\n\nYou registered for {hackathon} on behalf of {organisation}. The hackathon's organisers did not approve that link;\n" +
			"your registration is therefore cancelled.\n\nReason: {reason}\n\nIs this wrong? Please contact your organisation or the hackathon's organisers.\n"},
}

// RejectTemplate is the mail of a rejected organisation link in lang.
func RejectTemplate(lang string) comms.Template {
	if t, ok := rejectTemplates[lang]; ok {
		return t
	}
	return rejectTemplates["nl"]
}

// Reject rejects the organisation links of the given registrations that
// wait for approval. The simplest safe behaviour: the registration is kept
// (for the record) but cancelled, so it never gives rights for the
// organisation nor holds a place; the person gets the reason by e-mail and
// may register again (again waiting for approval). A freed place goes to the
// waiting list. Others are skipped.
func (s *Service) Reject(ctx context.Context, h *hackathon.Hackathon, ids []int64, reason, linkBase string, by int64) (ApprovalResult, error) {
	var res ApprovalResult
	reason = strings.TrimSpace(reason)
	var inv apperr.Invalid
	if len(ids) == 0 {
		inv.Add("ids", "choose at least one registration")
	}
	if reason == "" || len(reason) > MaxRejectReason {
		inv.Add("reason", fmt.Sprintf("a reason for the person is required, at most %d characters", MaxRejectReason))
	}
	if err := inv.Err(); err != nil {
		return res, err
	}
	now := s.Now()
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		freed := map[ChainRole]bool{}
		for _, id := range ids {
			r, err := s.regWhere(ctx, tx, "r.id = ? AND r.hackathon_id = ?", id, h.ID)
			if err != nil {
				return err
			}
			if r.Approval != ApprovalPending {
				res.Skipped++
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE registrations SET org_approval = 'rejected', org_approval_basis = '', org_approval_reason = ?,
				status = 'cancelled', confirm_token_hash = NULL, cancelled_at = ? WHERE id = ?`, reason, now, id); err != nil {
				return err
			}
			fields := mergeFields(h, r.Name, r.Organisation)
			fields["reason"] = reason
			subject, body, err := RejectTemplate(r.Language).Merge(fields)
			if err != nil {
				return err
			}
			if _, err := s.Outbox.Queue(ctx, tx, comms.Message{HackathonID: h.ID, To: r.Email, Subject: subject, Body: body}); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: h.ID, UserID: by, At: now, Entity: "registration",
				EntityID: strconv.FormatInt(id, 10), Action: "organisation link rejected", From: ApprovalPending + " " + r.Status,
				To: fmt.Sprintf("%s %s organisation=%d", ApprovalRejected, StatusCancelled, r.OrganisationID)}); err != nil {
				return err
			}
			if r.Status == StatusConfirmed {
				freed[r.ChainRole] = true
			}
			res.Changed++
		}
		for _, role := range ChainRoles() {
			if freed[role] {
				if err := s.promote(ctx, tx, h, role, linkBase); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return ApprovalResult{}, err
	}
	return res, nil
}

// selfRegOrganisation finds the organisation of a self-registration by name
// or creates it, and reports whether it created it.
func selfRegOrganisation(ctx context.Context, tx *store.Tx, name string, role ChainRole, now time.Time) (int64, bool, error) {
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM organisations WHERE LOWER(name) = LOWER(?)", name).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	id, err = organisationID(ctx, tx, name, role, now)
	return id, err == nil, err
}
