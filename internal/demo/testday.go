package demo

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/testday"
)

// loadTestday fills in the test itself for the demo hackathon: the
// snelcheck drawn up and applied to every confirmed participant in the
// chain (checks verified or failed, a decision for each — one at own risk,
// one no-go — and everyone told), scenarios reviewed by Nictiz and final,
// rounds on both days with generated pairs and a published table layout,
// and results with a failed step on day 1 and progress on day 2. It adds
// nothing when the snelcheck lists exist already.
func loadTestday(ctx context.Context, db *store.DB, hid int64, users map[string]*account.User, o Options) error {
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM testday_checklists WHERE hackathon_id = ?", hid).Scan(&n); err != nil || n > 0 {
		return err
	}
	svc := testday.NewService(db, comms.NewOutbox(db, jobs.NewQueue(db), o.MailFrom), nil)
	tech, test, rel, logger := users["techniek"].ID, users["test"].ID, users["relatie"].ID, users["logging"].ID
	if _, err := svc.DrawUp(ctx, hid, tech); err != nil {
		return err
	}
	if err := svc.SaveFAQ(ctx, hid, blueprint.ChainPGO, "## Hoe vink ik een punt af?\n\nOpen **Mijn snelcheck**, voeg een link of een pdf toe en kies *Afvinken*.\n\n## Hoe vaak mag ik de automatische controles draaien?\n\nZo vaak als je wilt, tot zes keer per minuut.", tech); err != nil {
		return err
	}
	if _, err := svc.Establish(ctx, hid, tech); err != nil {
		return err
	}
	if _, err := svc.ApplyAll(ctx, hid, tech); err != nil {
		return err
	}
	// The final participant list is fixed (3B) by the communication expert.
	if _, _, err := svc.FixFinalList(ctx, hid, users["communicatie"].ID); err != nil && len(apperr.Fields(err)) == 0 {
		return err
	}
	parts, err := svc.Participants(ctx, hid)
	if err != nil {
		return err
	}
	var dvas []testday.Participant
	for _, p := range parts {
		if p.ChainRole == blueprint.ChainDVA {
			dvas = append(dvas, p)
		}
	}
	risky, failed := int64(0), int64(0)
	for i, p := range parts {
		if p.ChainRole == blueprint.ChainZorgaanbieder && len(dvas) > 0 {
			if _, err := svc.Apply(ctx, hid, p.OrgID, testday.ParticipantInput{DVAOrgID: dvas[i%len(dvas)].OrgID}, tech); err != nil {
				return err
			}
		}
		checks, err := svc.Checks(ctx, hid, p.OrgID)
		if err != nil {
			return err
		}
		outcome, reason := "go", "Alle punten van de snelcheck gehaald."
		switch {
		case p.ChainRole == blueprint.ChainPGO && risky == 0 && len(parts) > 3:
			risky, outcome, reason = p.OrgID, "eigen_risico", "Whitelisting op de andere testomgeving is nog niet rond; doet op eigen risico mee."
		case p.ChainRole == blueprint.ChainZorgaanbieder && failed == 0:
			failed, outcome, reason = p.OrgID, "no_go", "Testdossier staat nog niet klaar in het bronsysteem."
		}
		for j, c := range checks {
			status := testday.StatusVerified
			if outcome != "go" && j == len(checks)-1 {
				status = testday.StatusFailed
			}
			if _, err := svc.Verify(ctx, hid, c.ID, status, "Gecontroleerd door de testcoördinator.", test); err != nil {
				return err
			}
		}
		if _, err := svc.Decide(ctx, hid, p.OrgID, outcome, reason, test); err != nil {
			return err
		}
	}
	if len(parts) > 0 {
		if _, err := svc.Notify(ctx, hid, nil, o.BaseURL, rel); err != nil {
			return fmt.Errorf("snelcheck results: %w", err)
		}
	}

	h, err := svc.Hackathons.Get(ctx, hid)
	if err != nil {
		return err
	}
	keys := testday.ServiceKeys(h)
	if len(keys) == 0 {
		return nil
	}
	var finals []*testday.Scenario
	dossiers, err := svc.DossierChoices(ctx, hid, keys[0])
	if err != nil {
		return err
	}
	for _, key := range []string{"two_hospitals", "technical", "functional"} {
		sc, err := svc.CreateFromTemplate(ctx, hid, key, keys[0], test)
		if err != nil {
			return err
		}
		if len(dossiers) > 0 { // the scenario names the demo's test dossier it uses
			if _, err := svc.LinkDossiers(ctx, hid, sc.ID, []int64{dossiers[0].VersionID}, test); err != nil {
				return err
			}
		}
		if _, err := svc.Advance(ctx, hid, sc.ID, testday.ScenarioReviewed, "Nictiz (Informatiestandaarden)", test); err != nil {
			return err
		}
		m, err := svc.Advance(ctx, hid, sc.ID, testday.ScenarioFinal, "", test)
		if err != nil {
			return err
		}
		finals = append(finals, m.Scenario)
	}
	for day, times := range map[int][][2]string{1: {{"10:00", "11:00"}, {"11:15", "12:15"}, {"13:30", "14:30"}}, 2: {{"10:00", "11:00"}, {"11:15", "12:15"}}} {
		if day > len(h.Days) {
			continue
		}
		for _, t := range times {
			if _, err := svc.AddRound(ctx, hid, testday.RoundInput{Day: day, Start: t[0], End: t[1]}, users["event"].ID); err != nil {
				return err
			}
		}
	}
	if _, err := svc.Generate(ctx, hid, 0, users["event"].ID); err != nil {
		return err
	}
	pairs, err := svc.Pairs(ctx, hid)
	if err != nil {
		return err
	}
	if len(pairs) > 0 {
		if _, err := svc.PublishLayout(ctx, hid, users["event"].ID); err != nil {
			return err
		}
	}
	for i, p := range pairs {
		for _, sc := range finals {
			for j, st := range sc.Steps {
				if p.Round.Day == 2 && j > 1 {
					break // day 2 is under way
				}
				outcome, note := testday.ResultPassed, ""
				if i == 0 && sc == finals[0] && j == 2 {
					outcome, note = testday.ResultFailed, "De tweede ophaalactie overschrijft de allergieën van ziekenhuis A zonder herkomst."
				}
				if i == 1 && j == 3 {
					outcome, note = testday.ResultPartial, "Eenheden ontbreken bij twee labwaarden."
				}
				res, err := svc.RecordResult(ctx, hid, testday.ResultInput{PairID: p.ID, StepID: st.ID, Outcome: outcome, Note: note}, logger)
				if err != nil {
					return err
				}
				if outcome == testday.ResultFailed { // what the PGO showed, as evidence
					if _, err := svc.AddScreenshot(ctx, hid, res.ID, "allergieen-na-ophalen-b.png", demoScreenshot(), logger); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// demoScreenshot is a small picture of a PGO's allergy list: two rows
// from hospital A, and the same rows overwritten by hospital B.
func demoScreenshot() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 240, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 240; x++ {
			c := color.RGBA{248, 248, 248, 255}
			switch {
			case y < 18:
				c = color.RGBA{18, 40, 70, 255}
			case y%24 > 8 && y%24 < 18 && x > 12 && x < 200:
				c = color.RGBA{120, 130, 150, 255}
				if y > 60 {
					c = color.RGBA{200, 60, 60, 255}
				}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
