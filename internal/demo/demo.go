// Package demo loads a demo hackathon — a functional BgZ hackathon with a
// few organisations and a person in every role — so that a newcomer can
// click around at once. All names are invented.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/dossier/synth"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
)

// Password is the password of every demo account. Demo data is for trying
// the product on a laptop, never for a server others can reach.
const Password = "ketentest-demo"

// Code is the demo hackathon's code.
const Code = "BGZDEMO"

// Account is a demo login.
type Account struct {
	Email string
	Name  string
	Role  string // role label, for the printed list
}

type person struct {
	local, name string
	role        blueprint.Role
	org         string
}

var organisations = []struct{ name, chain string }{
	{"Gezondapp BV", "pgo"},
	{"MijnDossier PGO", "pgo"},
	{"Zorgdata Connect", "dva"},
	{"EPD Systemen Nederland", "xis"},
	{"Ziekenhuis Rivierenland (demo)", "zorgaanbieder"},
	{"Huisartsenpraktijk De Linde (demo)", "zorgaanbieder"},
}

var people = []person{
	{"projectleider", "Petra Leenders", blueprint.RoleProjectleider, ""},
	{"communicatie", "Chris de Vries", blueprint.RoleCommunicatieExpert, ""},
	{"techniek", "Tariq el Amrani", blueprint.RoleTechnischCoordinator, ""},
	{"test", "Tessa Bakker", blueprint.RoleTestcoordinator, ""},
	{"issue", "Ilse Jansen", blueprint.RoleIssuecoordinator, ""},
	{"relatie", "Ruben Smit", blueprint.RoleRelatiemanager, ""},
	{"event", "Eva Visser", blueprint.RoleEventplanner, ""},
	{"opdrachtgever", "Olaf de Groot", blueprint.RoleOpdrachtgever, ""},
	{"logging", "Lotte Mulder", blueprint.RoleLoggingteam, ""},
	{"triage", "Thomas Bos", blueprint.RoleTriageteam, ""},
	{"deelnemer", "Daan Peters", blueprint.RoleDeelnemer, "Gezondapp BV"},
	{"actor", "Anouk Hendriks", blueprint.RoleActor, "Zorgdata Connect"},
	{"observer", "Olga Dekker", blueprint.RoleObserver, ""},
}

// Options say where the demo's links point: serve passes its configured
// (or derived) base URL and sandbox URL.
type Options struct {
	BaseURL    string // ketentest's origin; http://127.0.0.1:8080 when empty
	SandboxURL string // the reference DVA; http://<SandboxAddr> when empty
	MailFrom   string // sender of the demo's queued mail; ketentest@localhost when empty
}

func (o Options) withDefaults() Options {
	if o.BaseURL == "" {
		o.BaseURL = "http://127.0.0.1:8080"
	}
	if o.SandboxURL == "" {
		o.SandboxURL = "http://" + SandboxAddr
	}
	if o.MailFrom == "" {
		o.MailFrom = "ketentest@localhost"
	}
	o.BaseURL = strings.TrimSuffix(o.BaseURL, "/")
	o.SandboxURL = strings.TrimSuffix(o.SandboxURL, "/")
	return o
}

// Load is LoadWith with the default Options.
func Load(ctx context.Context, db *store.DB, now time.Time) ([]Account, error) {
	return LoadWith(ctx, db, now, Options{})
}

// LoadWith creates the demo accounts and hackathon unless they exist
// already, and returns the accounts to print. It is safe to run on every
// start.
func LoadWith(ctx context.Context, db *store.DB, now time.Time, o Options) ([]Account, error) {
	o = o.withDefaults()
	acc := account.NewService(db)
	hs := hackathon.NewService(db)
	admin, err := ensureUser(ctx, acc, "admin@demo.ketentest.nl", "Beheerder Demo", true)
	if err != nil {
		return nil, err
	}
	out := []Account{{Email: admin.Email, Name: admin.Name, Role: "platformbeheerder"}}
	users := map[blueprint.Role]*account.User{}
	for _, p := range people {
		u, err := ensureUser(ctx, acc, p.local+"@demo.ketentest.nl", p.name, p.role == blueprint.RoleProjectleider)
		if err != nil {
			return nil, err
		}
		users[p.role] = u
		out = append(out, Account{Email: u.Email, Name: u.Name, Role: p.role.Label().NL})
	}
	actors, err := ensureActorAccounts(ctx, acc) // they follow up the demo findings
	if err != nil {
		return nil, err
	}
	out = append(out, actors...)
	existing, err := hs.ListFor(ctx, 0, true)
	if err != nil {
		return nil, err
	}
	for _, h := range existing {
		if h.Code == Code {
			return out, loadLife(ctx, db, now, o) // adds only what is missing
		}
	}
	if err := createHackathon(ctx, hs, users, now); err != nil {
		return out, err
	}
	if err := loadComms(ctx, db, users); err != nil {
		return out, err
	}
	return out, loadLife(ctx, db, now, o)
}

func ensureUser(ctx context.Context, acc *account.Service, email, name string, canCreate bool) (*account.User, error) {
	u, err := acc.ByEmail(ctx, email)
	if err == nil {
		return u, nil
	}
	if !errors.Is(err, account.ErrNotFound) {
		return nil, err
	}
	return acc.Create(ctx, account.NewUser{Email: email, Name: name, Password: Password,
		IsAdmin: strings.HasPrefix(email, "admin@"), CanCreateHackathon: canCreate})
}

func createHackathon(ctx context.Context, hs *hackathon.Service, users map[blueprint.Role]*account.User, now time.Time) error {
	today := date.Of(now)
	lead := users[blueprint.RoleProjectleider].ID
	h, err := hs.Create(ctx, hackathon.Input{
		Code: Code, Name: "Hackathon BgZ in de PGO (demo)", Variant: string(blueprint.VariantFunctioneel),
		Description: "Functionele hackathon: hoe tonen PGO's de Basisgegevensset Zorg die ziekenhuizen en huisartsen via MedMij leveren?",
		Location:    "Jaarbeurs Utrecht, zaal 5 (demo)",
		Kickoff:     today.AddDays(30), Days: []date.Date{today.AddDays(60), today.AddDays(90)},
		Services:  []hackathon.DataService{{ServiceID: "48", Name: "Basisgegevensset Zorg", Standard: "MedMij BgZ 3.0", FHIRVersion: "STU3"}},
		Financier: "Ministerie van VWS (demo)", ClientOrg: "MedMij (demo)", ContractorOrg: "VZVZ / Nictiz (demo)",
	}, lead)
	if err != nil {
		return fmt.Errorf("demo hackathon: %w", err)
	}
	orgIDs := map[string]int64{}
	for _, o := range organisations {
		id, err := hs.CreateOrganisation(ctx, o.name, o.chain)
		if err != nil {
			return err
		}
		orgIDs[o.name] = id
	}
	for _, p := range people {
		if p.role == blueprint.RoleProjectleider {
			continue // the creator already is
		}
		if err := hs.AddMember(ctx, h.ID, users[p.role].ID, string(p.role), orgIDs[p.org], lead); err != nil {
			return fmt.Errorf("demo member %s: %w", p.role, err)
		}
	}
	for _, p := range people {
		if !p.role.IsProjectRole() {
			continue
		}
		if err := hs.SaveProjectRole(ctx, h.ID, hackathon.ProjectRole{Role: p.role, Person: p.name, UserID: users[p.role].ID,
			Organisation: "VZVZ", HoursPerWeek: hoursFor(p.role)}, lead); err != nil {
			return err
		}
	}
	if err := hs.SaveCanvas(ctx, h.ID, canvas, lead); err != nil {
		return fmt.Errorf("demo canvas: %w", err)
	}
	if _, err := synth.LoadDemo(ctx, dossier.NewStore(hs.DB), h.ID, lead); err != nil { // test patients for the reference DVA
		return fmt.Errorf("demo dossiers: %w", err)
	}
	if _, err := hs.RecordDecision(ctx, h.ID, hackathon.DecisionInput{Outcome: "go",
		Reason: "Startnotitie besproken in het Kernteam Implementatie; capaciteit en budget zijn rond.", DecidedOn: today.AddDays(-7)},
		users[blueprint.RoleOpdrachtgever].ID); err != nil {
		return err
	}
	if err := loadParticipantReg(ctx, hs.DB, h, lead); err != nil {
		return fmt.Errorf("demo participants: %w", err)
	}
	return advanceMilestones(ctx, hs, h.ID, users)
}

func hoursFor(r blueprint.Role) string {
	p, _ := blueprint.ProposalFor(r)
	if p.HoursPerWeekMin == p.HoursPerWeekMax {
		return fmt.Sprint(p.HoursPerWeekMin)
	}
	return fmt.Sprintf("%d–%d", p.HoursPerWeekMin, p.HoursPerWeekMax)
}

// advanceMilestones puts the demo in the middle of phase 2.
func advanceMilestones(ctx context.Context, hs *hackathon.Service, id int64, users map[blueprint.Role]*account.User) error {
	ms, err := hs.Milestones(ctx, id)
	if err != nil {
		return err
	}
	set := map[string]string{"1A": "gereed", "2A": "gereed", "2B": "bezig", "2H": "bezig", "2I": "bezig", "2M": "gereed", "2Q": "gereed", "2R": "bezig"}
	for _, m := range ms {
		st, ok := set[m.Code]
		if !ok || m.Iteration != 1 {
			continue
		}
		c := hackathon.MilestoneChange{Status: &st}
		if u, ok := users[m.Responsible]; ok {
			owner := u.ID
			c.OwnerID = &owner
		}
		if _, err := hs.UpdateMilestone(ctx, id, m.ID, c, users[blueprint.RoleProjectleider].ID); err != nil {
			return fmt.Errorf("demo milestone %s: %w", m.Code, err)
		}
	}
	return nil
}

var canvas = hackathon.Canvas{
	"aanleiding_achtergrond": "Steeds meer ziekenhuizen en huisartsen leveren de BgZ via MedMij. Patiënten zien dezelfde gegevens in verschillende PGO's verschillend terug.",
	"aanleiding_doel":        "Inzicht in hoe de BgZ in PGO's wordt getoond en welke functionele en technische restissues er zijn, vóór de brede uitrol.",
	"aanleiding_opbrengst":   "Een integraal issueoverzicht, bewustwording bij zorgaanbieders en PGO-leveranciers, en input voor de informatiestandaard.",
	"scope_gegevensdienst":   "Gegevensdienst 48 — Basisgegevensset Zorg (MedMij BgZ 3.0, FHIR STU3).",
	"scope_planning":         "Kick-off over een maand, hackathondag 1 over twee maanden, een tweede dag een maand later.",
	"scope_deelnemers":       "PGO-leveranciers, DVA's, twee EPD-leveranciers en zorgaanbieders met hun patiëntenpanels.",
	"test_onderwerp":         "Ophalen van de volledige BgZ door een PGO bij twee zorgaanbieders; presentatie van overlappende gegevens.",
	"test_dossiers":          "Happy-flow-dossier, het kwalificatiedossier en een bommendossier met extreme waarden.",
	"issue_systeem":          "ketentest: één centraal systeem waarin alle bevindingen worden gelogd en gevolgd.",
	"relatie_vergoeding":     "Vergoeding per deelnemende leverancier volgens afspraak met de opdrachtgever.",
	"org_stakeholders":       "MedMij, Nictiz, VZVZ, VWS, patiëntenfederatie, PGO-leveranciers, DVA's, EPD-leveranciers, zorgaanbieders.",
	"org_capaciteit":         "Projectteam van zeven rollen; loggingteam van zes en triageteam van vier personen op de dag.",
	"conclusie_advies":       "Een functionele hackathon is het juiste instrument: de techniek werkt grotendeels, de presentatie verschilt sterk.",
}
