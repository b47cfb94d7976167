package commplan_test

import (
	"context"
	"testing"

	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestSendTemplateOncePerVersion: "Nu versturen" on a template mails each
// recipient once per version of the template. A second click skips
// everyone (and adds nothing to the calendar), a new registration gets it
// alone, an edited template is a new version that reaches everyone again,
// and an explicit resend reaches those who already had it.
func TestSendTemplateOncePerVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.register(t, "Jan", "jan@zorg-oost.example", "Zorg Oost", "zorgaanbieder", "confirmed", "nl")
		f.register(t, "Mary", "mary@pgo.example", "PGO BV", "pgo", "confirmed", "nl")
		tp, err := f.svc.CreateTemplate(ctx, f.h.ID, commplan.TemplateInput{Name: "Kick-off", Subject: "Uitnodiging kick-off", Body: "Hoi {{naam}}, tot bij de kick-off."}, f.comm)
		if err != nil {
			t.Fatal(err)
		}
		everyone := commplan.Audience{}
		outbox := func() int {
			var n int
			db.QueryRow(ctx, "SELECT COUNT(*) FROM outbox WHERE subject = 'Uitnodiging kick-off'").Scan(&n)
			return n
		}
		res, err := f.svc.SendTemplate(ctx, f.h.ID, tp.ID, everyone, false, "", f.comm)
		if err != nil || res.Queued != 2 || res.Skipped != 0 {
			t.Fatalf("first send: %+v %v", res, err)
		}
		res, err = f.svc.SendTemplate(ctx, f.h.ID, tp.ID, everyone, false, "", f.comm)
		if err != nil || res.Queued != 0 || res.Skipped != 2 || res.ItemID != 0 {
			t.Fatalf("second click: %+v %v, want nothing queued, 2 skipped, no calendar item", res, err)
		}
		items, _ := f.svc.Calendar(ctx, f.h.ID)
		if len(items) != 1 {
			t.Fatalf("%d calendar items after two clicks, want 1", len(items))
		}
		f.register(t, "Laura", "laura@xis.example", "XIS BV", "xis", "confirmed", "nl")
		res, err = f.svc.SendTemplate(ctx, f.h.ID, tp.ID, everyone, false, "", f.comm)
		if err != nil || res.Queued != 1 || res.Skipped != 2 {
			t.Fatalf("after a new registration: %+v %v", res, err)
		}
		if n := outbox(); n != 3 {
			t.Fatalf("%d messages in the outbox, want 3 (one per recipient)", n)
		}
		// Renaming changes nothing the recipient reads: still the same version.
		in := commplan.TemplateInput{Name: "Kick-off uitnodiging", Subject: tp.Subject, Body: tp.Body, Format: tp.Format, Language: tp.Language}
		if tp, err = f.svc.UpdateTemplate(ctx, f.h.ID, tp.ID, in, f.comm); err != nil || tp.Version != 1 {
			t.Fatalf("rename: version %d, %v", tp.Version, err)
		}
		in.Body = "Hoi {{naam}}, de kick-off begint een uur later."
		if tp, err = f.svc.UpdateTemplate(ctx, f.h.ID, tp.ID, in, f.comm); err != nil || tp.Version != 2 {
			t.Fatalf("edit: version %d, %v", tp.Version, err)
		}
		res, err = f.svc.SendTemplate(ctx, f.h.ID, tp.ID, everyone, false, "", f.comm)
		if err != nil || res.Queued != 3 || res.Skipped != 0 {
			t.Fatalf("new version: %+v %v", res, err)
		}
		res, err = f.svc.SendTemplate(ctx, f.h.ID, tp.ID, everyone, true, "", f.comm)
		if err != nil || res.Queued != 3 {
			t.Fatalf("explicit resend: %+v %v", res, err)
		}
		if n := outbox(); n != 9 {
			t.Fatalf("%d messages in the outbox, want 9", n)
		}
	})
}
