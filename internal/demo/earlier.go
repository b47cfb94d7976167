package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/evaluation"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/report"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/testday"
)

// EarlierCode is the code of the demo's earlier, closed hackathon on the
// same data service: its test days are past, its evaluation answered and
// summarised, and its final report delivered and accepted.
const EarlierCode = "BGZVOOR"

// earlierFindings are the findings of the earlier hackathon: title, chain
// link, severity, status, actor, root cause.
var earlierFindings = []struct {
	title, chain, severity, status, actor, root string
	day, dueDays                                int
}{
	{"Medicatieafspraken worden dubbel getoond na tweede ophaalactie", "pgo", "hoog", "opgelost", "MijnDossier PGO", "Ophalen voegt toe in plaats van te vervangen; de PGO ontdubbelt niet op identifier.", 1, 20},
	{"Allergieën zonder ernst geven een lege regel", "pgo", "midden", "geverifieerd", "Gezondapp BV", "", 1, 20},
	{"Token verloopt na 5 minuten tijdens het ophalen van grote dossiers", "dva", "blokkerend", "opgelost", "Zorgdata Connect", "Tokenlevensduur in de DVA-configuratie te kort gezet.", 1, 10},
	{"Probleemlijst mist de verificatiestatus", "xis", "midden", "toegewezen", "EPD Systemen Nederland", "De zib-mapping in het bronsysteem vult clinicalStatus niet.", 1, 45},
	{"Laboratoriumuitslagen in verkeerde eenheid (mmol/l vs mg/dl)", "xis", "hoog", "toegewezen", "EPD Systemen Nederland", "", 2, 30},
	{"Contactpersonen worden niet getoond", "pgo", "laag", "niet_oplossen", "Gezondapp BV", "", 2, 0},
	{"Zorgaanbieder ontbreekt in de ZAL van de testomgeving", "overig", "hoog", "opgelost", "", "", 1, 5},
	{"Functionele status: tekst in het Engels", "pgo", "laag", "getriageerd", "MijnDossier PGO", "", 2, 60},
	{"Bundel van de huisarts mist de patiëntgegevens bij een lege probleemlijst", "dva", "hoog", "toegewezen", "Zorgdata Connect", "", 2, -10},
	{"Encounter zonder einddatum crasht de tijdlijn", "pgo", "blokkerend", "opgelost", "Gezondapp BV", "Null-check ontbrak in de tijdlijncomponent.", 2, 7},
}

// earlierAnswers are answers of the participants and project team to
// the day 1 questionnaire: a scale value for every scale question and an
// open answer for every open question (rotated per respondent).
var earlierOpen = []string{
	"Het aansluiten op de testomgeving kostte de eerste ochtend veel tijd; een testmoment vooraf helpt.",
	"Graag de testdossiers een week eerder, zodat we ze in ons bronsysteem kunnen klaarzetten.",
	"Fijne sfeer en korte lijnen met het triageteam.",
	"Meer tijd voor de tweede testronde.",
	"Een duidelijkere uitleg van de ernstcategorieën bij het loggen.",
}

// loadEarlier creates the earlier hackathon once.
func loadEarlier(ctx context.Context, db *store.DB, now time.Time, o Options) error {
	hs := hackathon.NewService(db)
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM hackathons WHERE code = ?", EarlierCode).Scan(&n); err != nil || n > 0 {
		return err
	}
	users, err := demoUsers(ctx, account.NewService(db))
	if err != nil {
		return err
	}
	lead, client, test := users["projectleider"].ID, users["opdrachtgever"].ID, users["test"].ID
	today := date.Of(now)
	h, err := hs.Create(ctx, hackathon.Input{
		Code: EarlierCode, Name: "Hackathon BgZ voorjaar (demo, afgerond)", Variant: string(blueprint.VariantFunctioneel),
		Description: "De eerdere BgZ-hackathon: afgerond, geëvalueerd en met een opgeleverde eindrapportage.",
		Location:    "Jaarbeurs Utrecht, zaal 3 (demo)", Kickoff: today.AddDays(-150),
		Days:      []date.Date{today.AddDays(-120), today.AddDays(-119)},
		Services:  []hackathon.DataService{{ServiceID: "48", Name: "Basisgegevensset Zorg", Standard: "MedMij BgZ 3.0", FHIRVersion: "STU3"}},
		Financier: "Ministerie van VWS (demo)", ClientOrg: "MedMij (demo)", ContractorOrg: "VZVZ / Nictiz (demo)",
	}, lead)
	if err != nil {
		return fmt.Errorf("earlier hackathon: %w", err)
	}
	orgIDs := map[string]int64{}
	for _, org := range organisations {
		if orgIDs[org.name], err = hs.CreateOrganisation(ctx, org.name, org.chain); err != nil {
			return err
		}
	}
	for _, p := range people {
		if p.role == blueprint.RoleProjectleider {
			continue
		}
		if err := hs.AddMember(ctx, h.ID, users[p.local].ID, string(p.role), orgIDs[p.org], lead); err != nil {
			return fmt.Errorf("earlier member %s: %w", p.role, err)
		}
	}
	if err := hs.SaveCanvas(ctx, h.ID, canvas, lead); err != nil {
		return err
	}
	if _, err := hs.RecordDecision(ctx, h.ID, hackathon.DecisionInput{Outcome: "go", Reason: "Startnotitie akkoord (demo).", DecidedOn: today.AddDays(-200)}, client); err != nil {
		return err
	}
	// Participants: one confirmed registration per organisation, the
	// snelcheck applied and decided.
	for i, org := range organisations {
		at := now.AddDate(0, 0, -160)
		if _, err := db.Exec(ctx, `INSERT INTO registrations (hackathon_id, organisation_id, chain_role, name, email, attend_days, language, status, cancel_token_hash, consent_at, confirmed_at, created_at)
			VALUES (?, ?, ?, ?, ?, '1,2', 'nl', 'confirmed', ?, ?, ?, ?)`, h.ID, orgIDs[org.name], org.chain, fmt.Sprintf("Deelnemer %d (%s)", i+1, org.name),
			fmt.Sprintf("voorjaar%d@deelnemer.example", i+1), fmt.Sprintf("demo-earlier-%d-%d", h.ID, i), at, at, at); err != nil {
			return fmt.Errorf("earlier registration: %w", err)
		}
	}
	outbox := comms.NewOutbox(db, jobs.NewQueue(db), o.MailFrom)
	td := testday.NewService(db, outbox, &pgoclient.Policy{})
	if _, err := td.DrawUp(ctx, h.ID, test); err != nil {
		return err
	}
	if _, err := td.ApplyAll(ctx, h.ID, test); err != nil {
		return err
	}
	parts, err := td.Participants(ctx, h.ID)
	if err != nil {
		return err
	}
	for i, p := range parts {
		outcome, reason := "go", "Alle punten van de snelcheck aangetoond."
		if i == len(parts)-1 {
			outcome, reason = "eigen_risico", "Testdossier niet op tijd klaargezet; doet mee op eigen risico."
		}
		if _, err := td.Decide(ctx, h.ID, p.OrgID, outcome, reason, test); err != nil {
			return fmt.Errorf("earlier decision: %w", err)
		}
	}
	// Findings, logged on the days and followed up since.
	fs := finding.NewService(db)
	for i, ef := range earlierFindings {
		org := orgIDs[ef.actor]
		in := finding.Input{Title: ef.title, ChainLink: ef.chain, Severity: ef.severity, DataService: "48", Kind: "functioneel",
			IdempotencyKey: fmt.Sprintf("demo-earlier-%d", i)}
		if org != 0 {
			in.OrgIDs = []int64{org}
		}
		f, _, err := fs.Create(ctx, h.ID, in, users["logging"].ID)
		if err != nil {
			return fmt.Errorf("earlier finding: %w", err)
		}
		at := h.Days[ef.day-1].Time().Add(time.Duration(10+i%6) * time.Hour)
		var due any
		if ef.dueDays != 0 {
			due = h.Days[1].AddDays(ef.dueDays)
		}
		if _, err := db.Exec(ctx, `UPDATE findings SET status = ?, severity = ?, actor_org_id = ?, due_date = ?, root_cause = ?, root_chain_link = ?,
			category = ?, created_at = ?, updated_at = ? WHERE id = ?`, ef.status, ef.severity, store.NullID(org), due, ef.root,
			map[bool]string{true: ef.chain, false: ""}[ef.root != ""], []string{"weergave", "autorisatie", "mapping", "testomgeving"}[i%4], at, at, f.ID); err != nil {
			return err
		}
	}
	// The evaluation of both days; day 1 is closed and summarised (6A).
	ev := evaluation.NewService(db, outbox)
	ev.Now = func() time.Time { return h.Days[0].Time().Add(17 * time.Hour) }
	for day := 1; day <= 2; day++ {
		e, err := ev.Create(ctx, h, day, lead)
		if err != nil {
			return err
		}
		recips, err := ev.Recipients(ctx, h, day)
		if err != nil {
			return err
		}
		qs, err := ev.Questions(ctx, e.ID)
		if err != nil {
			return err
		}
		for i, r := range recips {
			token, _, err := ev.AddInvite(ctx, db, e.ID, r)
			if err != nil {
				return err
			}
			if i%4 == 3 {
				continue // not everyone answers
			}
			ans := map[string]string{}
			for j, q := range qs {
				if q.Role != r.Role {
					continue
				}
				if q.Kind == evaluation.KindScale {
					ans[evaluation.Field(q.ID)] = fmt.Sprint(2 + (i+j+day)%4)
				} else if (i+j)%2 == 0 {
					ans[evaluation.Field(q.ID)] = earlierOpen[(i+j)%len(earlierOpen)]
				}
			}
			if err := ev.Submit(ctx, token, ans); err != nil && !errors.Is(err, evaluation.ErrAnswered) {
				return fmt.Errorf("earlier evaluation answer: %w", err)
			}
		}
		if day == 1 {
			if _, err := ev.Close(ctx, h.ID, e.ID, "De organisatie werd goed gewaardeerd; het aansluiten op de testomgeving kostte te veel tijd. Testdossiers eerder delen.", lead); err != nil {
				return err
			}
		}
	}
	// The final report: texts, review with a comment, delivered and accepted.
	rs := report.NewService(db, td, ev, nil)
	if err := rs.SaveTexts(ctx, h.ID, map[string]string{
		"summary":     "Zes partijen testten twee dagen de BgZ van ziekenhuis en huisarts naar twee PGO's. De keten werkt: alle PGO's haalden en toonden de BgZ; tien bevindingen, waarvan de blokkerende opgelost zijn.",
		"days":        "Dag 1 stond in het teken van aansluiten en de eerste testronde; op dag 2 zijn de scenario's met twee bronnen getest.",
		"rec_medmij":  "Neem een verplicht aansluitmoment op de testomgeving op vóór de hackathondag.",
		"rec_nictiz":  "Verduidelijk de mapping van de verificatiestatus in de zib Probleem.",
		"rec_vzvz":    "Houd de ZAL van de testomgeving actueel en publiceer wijzigingen een week vooraf.",
		"rec_vendors": "Ontdubbel bij herhaald ophalen op identifier; controleer eenheden van laboratoriumuitslagen.",
	}, lead); err != nil {
		return err
	}
	if err := demoProgramme(ctx, rs, h.ID, lead); err != nil {
		return err
	}
	if err := rs.Publish(ctx, h.ID, 1, lead); err != nil {
		return err
	}
	for _, step := range []struct{ to, note string }{{report.StatusConcept, ""}, {report.StatusReview, "MedMij, Nictiz, VZVZ"}} {
		if _, err := rs.Advance(ctx, h.ID, step.to, step.note, lead); err != nil {
			return fmt.Errorf("earlier report: %w", err)
		}
	}
	if err := rs.Comment(ctx, h.ID, "Noem bij de aanbevelingen ook de termijnen van de overdracht.", users["observer"].ID, users["observer"].Name); err != nil {
		return err
	}
	if _, err := rs.Advance(ctx, h.ID, report.StatusConcept, "Verwerkt: commentaar Nictiz", lead); err != nil {
		return err
	}
	if _, err := rs.Advance(ctx, h.ID, report.StatusDelivered, "", lead); err != nil {
		return err
	}
	return rs.Accept(ctx, h.ID, client)
}

// demoProgramme fills day 1's programme of a hackathon's draaiboek.
func demoProgramme(ctx context.Context, rs *report.Service, hid, by int64) error {
	for _, sl := range [][3]string{{"09:00", "09:30", "Ontvangst met koffie, aansluiten op de testomgeving"}, {"09:30", "10:00", "Opening en uitleg over het loggen van bevindingen"},
		{"10:00", "12:00", "Testronde 1"}, {"12:00", "12:45", "Lunch"}, {"12:45", "15:00", "Testronde 2"}, {"15:00", "15:45", "Triage en terugkoppeling"}, {"15:45", "16:30", "Evaluatie en afsluiting"}} {
		if err := rs.AddSlot(ctx, hid, 1, sl[0], sl[1], sl[2], by); err != nil {
			return err
		}
	}
	return nil
}

// loadEvaluationDraft draws up the questionnaire of day 1 of the running
// demo hackathon (its days are still ahead, so nobody answered yet).
func loadEvaluationDraft(ctx context.Context, db *store.DB, hid int64, users map[string]*account.User) error {
	ev := evaluation.NewService(db, nil)
	h, err := ev.Hackathons.Get(ctx, hid)
	if err != nil {
		return err
	}
	if _, err = ev.Create(ctx, h, 1, users["test"].ID); err != nil { // returns the existing one on a second run
		return err
	}
	// The concept draaiboek of day 1 with its programme (once).
	var slots int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM draaiboek_slots WHERE hackathon_id = ?", hid).Scan(&slots); err != nil || slots > 0 {
		return err
	}
	return demoProgramme(ctx, report.NewService(db, testday.NewService(db, nil, nil), ev, nil), hid, users["communicatie"].ID)
}
