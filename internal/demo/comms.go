package demo

import (
	"context"
	"fmt"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
)

// commPlan is the demo's communication plan (milestone 2A is done).
var commPlan = map[string]string{
	"inleiding":   "Een functionele hackathon trekt veel deelnemers: zorgaanbieders, patiëntenpanels en leveranciers. Met één plan weet iedereen wat er wanneer gecommuniceerd wordt.",
	"doel":        "Deelnemers werven, tijdig en eenduidig informeren en na afloop de resultaten delen.",
	"werven":      "Brede oproep via de nieuwsbrieven van MedMij en Nictiz en LinkedIn; daarnaast benadert de relatiemanager de leveranciers persoonlijk.",
	"bevestiging": "Aanmelden via het openbare formulier van ketentest, met bevestiging per e-mail en een wachtlijst per rol in de keten.",
	"kalender":    "De geplande berichten staan in de communicatiekalender; de eigenaar verstuurt ze op de geplande datum.",
}

// loadComms fills in the demo hackathon's communication plan and lets the
// blueprint propose its communication calendar.
func loadComms(ctx context.Context, db *store.DB, users map[blueprint.Role]*account.User) error {
	var hid int64
	if err := db.QueryRow(ctx, "SELECT id FROM hackathons WHERE code = ?", Code).Scan(&hid); err != nil {
		return fmt.Errorf("demo comms: %w", err)
	}
	svc := commplan.NewService(db, comms.NewOutbox(db, jobs.NewQueue(db), "demo@ketentest.local"))
	by := users[blueprint.RoleCommunicatieExpert].ID
	if err := svc.SavePlan(ctx, hid, commPlan, by); err != nil {
		return fmt.Errorf("demo comms plan: %w", err)
	}
	_, err := svc.ProposeCalendar(ctx, hid, by)
	return err
}
