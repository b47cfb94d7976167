package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// loadCommsLife confirms the registered participants and deals with the
// calendar's messages whose date has passed: the newsletter call went out
// (marked sent), the kick-off invitation is queued for every confirmed
// participant, so the calendar and the outbox show a preparation on
// schedule. It only acts on messages still in concept.
func loadCommsLife(ctx context.Context, db *store.DB, hid int64, users map[string]*account.User, now time.Time, o Options) error {
	outbox := comms.NewOutbox(db, jobs.NewQueue(db), o.MailFrom)
	svc := commplan.NewService(db, outbox)
	items, err := svc.Calendar(ctx, hid)
	if err != nil {
		return err
	}
	h, err := hackathon.NewService(db).Get(ctx, hid)
	if err != nil {
		return err
	}
	event, comm := users["event"].ID, users["communicatie"].ID
	confirmed := false
	for _, it := range items {
		if it.Status != commplan.StatusConcept || !it.IsOverdue(date.Of(now)) {
			continue
		}
		if !confirmed {
			ps := participant.NewService(db, outbox)
			regs, err := ps.List(ctx, hid)
			if err != nil {
				return err
			}
			for _, r := range regs {
				if r.Status != participant.StatusConfirmed && r.Status != participant.StatusCancelled {
					if _, err := ps.SetStatus(ctx, h, r.ID, participant.StatusConfirmed, o.BaseURL, event); err != nil {
						return fmt.Errorf("confirm %s: %w", r.Name, err)
					}
				}
			}
			confirmed = true
		}
		if it.Channel == blueprint.ChannelEmail && it.TemplateID != 0 {
			if _, err := svc.Send(ctx, hid, it.ID, o.BaseURL, comm); err != nil {
				return fmt.Errorf("send %s: %w", it.Title, err)
			}
			continue
		}
		in := commplan.ItemInput{Moment: it.Moment, Title: it.Title, PlannedOn: it.PlannedOn, Channel: it.Channel, Audience: it.Audience,
			OwnerID: it.OwnerID, Status: commplan.StatusVerzonden, TemplateID: it.TemplateID, Note: "Verschenen in de nieuwsbrief van MedMij (demo)."}
		if _, err := svc.UpdateItem(ctx, hid, it.ID, in, comm); err != nil {
			return fmt.Errorf("mark %s sent: %w", it.Title, err)
		}
	}
	return nil
}
