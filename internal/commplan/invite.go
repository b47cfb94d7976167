package commplan

import (
	"context"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// MomentRegistrationConfirmed is the blueprint moment (2B) of the mail a
// registration gets when it is confirmed and has a place.
const MomentRegistrationConfirmed = "aanmeldbevestiging"

// The blueprint moments (2B) of the mails a registration gets when it is
// confirmed onto the waiting list, and when it is cancelled by its link.
const (
	MomentRegistrationWaitlisted = "wachtlijst"
	MomentRegistrationCancelled  = "afmelding"
)

// registrationMoments maps the registration moments with an editable
// template to their blueprint moment.
var registrationMoments = map[participant.Moment]string{
	participant.MomentConfirmed:  MomentRegistrationConfirmed,
	participant.MomentWaitlisted: MomentRegistrationWaitlisted,
	participant.MomentCancelled:  MomentRegistrationCancelled,
}

// MomentAccountInvitation is the blueprint moment (4E) of the mail that
// invites a participant to set the password of a new account.
const MomentAccountInvitation = "accountuitnodiging"

// MomentTemplate is the hackathon's template of a moment in lang: its own
// (edited) one when it has it, else the blueprint's default text in lang.
func (s *Service) MomentTemplate(ctx context.Context, hackathonID int64, moment, lang string) (Template, error) {
	all, err := s.Templates(ctx, hackathonID)
	if err != nil {
		return Template{}, err
	}
	return momentTemplate(all, moment, lang), nil
}

func momentTemplate(all []Template, moment, lang string) Template {
	if lang != "en" {
		lang = "nl"
	}
	for _, t := range all {
		if t.Moment == moment && t.Language == lang {
			return t
		}
	}
	d, _ := DefaultTemplate(moment, lang)
	return Template{Moment: moment, Language: lang, Name: d.Name, Subject: d.Subject, Body: d.Body, Format: FormatMarkdown}
}

// AccountInviter returns the composer of the account invitation mail for
// CreateAccounts: the hackathon's accountuitnodiging template in the
// registration's language (the default text when the hackathon has none),
// with {{link}} the set-password link. The templates are read once, here,
// so composing needs no database.
func (s *Service) AccountInviter(ctx context.Context, h *hackathon.Hackathon) (participant.Inviter, error) {
	all, err := s.Templates(ctx, h.ID)
	if err != nil {
		return nil, err
	}
	days := validDays()
	return func(r participant.Registration, link string) (comms.Message, error) {
		t := momentTemplate(all, MomentAccountInvitation, r.Language)
		rc := Recipient{Name: r.Name, Email: r.Email, Organisation: r.Organisation, Language: r.Language}
		fields := Fields(h, rc, t.Language, link)
		fields["email"], fields["geldig_dagen"] = r.Email, days
		msg, err := Render(t, fields)
		if err != nil {
			return comms.Message{}, err
		}
		return comms.Message{HackathonID: h.ID, To: r.Email, Subject: msg.Subject, Body: msg.Text, HTML: msg.HTML}, nil
	}, nil
}

// CreateAccounts makes the accounts of all confirmed registrations (4E)
// and invites each new account holder with the hackathon's account
// invitation template.
func (s *Service) CreateAccounts(ctx context.Context, h *hackathon.Hackathon, accounts *account.Service, linkBase string, by int64) (participant.AccountsResult, error) {
	invite, err := s.AccountInviter(ctx, h)
	if err != nil {
		return participant.AccountsResult{}, err
	}
	return s.Participants.CreateAccounts(ctx, h, accounts, strings.TrimSuffix(linkBase, "/"), invite, by)
}

// validDays is how many days a set-password link works, for {{geldig_dagen}}.
func validDays() string { return strconv.Itoa(int(account.SetPasswordLifetime.Hours() / 24)) }

// RegistrationMail is the participant.MailText of the hackathons' own
// templates: the confirmation (aanmeldbevestiging), waiting-list
// (wachtlijst) and cancellation (afmelding) mails in the registration's language, from the hackathon's template or the default
// text. It reads in the registration's transaction q.
func RegistrationMail(ctx context.Context, q store.Querier, h *hackathon.Hackathon, r *participant.Registration, m participant.Moment, linkBase string) (comms.Message, bool, error) {
	moment, ok := registrationMoments[m]
	if !ok {
		return comms.Message{}, false, nil
	}
	all, err := store.Collect(ctx, q, scanTemplate, "SELECT "+templateColumns+" FROM comm_templates WHERE hackathon_id = ? AND moment = ?", h.ID, moment)
	if err != nil {
		return comms.Message{}, false, err
	}
	t := momentTemplate(all, moment, r.Language)
	if r.Approval == participant.ApprovalPending && m != participant.MomentCancelled {
		// The organisation's name goes in as a merge field, so it is escaped in the HTML part.
		t.Body += "\n" + participant.PendingNotice(t.Language, "{{organisatie}}")
	}
	rc := Recipient{Name: r.Name, Email: r.Email, Organisation: r.Organisation, Language: r.Language}
	msg, err := Render(t, Fields(h, rc, t.Language, linkFor(&t, h, linkBase)))
	if err != nil {
		return comms.Message{}, false, err
	}
	return comms.Message{Subject: msg.Subject, Body: msg.Text, HTML: msg.HTML}, true, nil
}
