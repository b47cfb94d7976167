package comms

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/jobs"
	"github.com/ketentest/ketentest/internal/store"
)

// Worker sends queued outbox messages. Start one per process with
// Run(ctx); several workers (in one or more instances) share the queue.
type Worker struct {
	Outbox *Outbox
	Sender Sender
	From   string
	Runner *jobs.Runner
}

// NewWorker returns a worker that sends through sender as from.
func NewWorker(o *Outbox, sender Sender, from string) *Worker {
	w := &Worker{Outbox: o, Sender: sender, From: from}
	w.Runner = &jobs.Runner{Queue: o.Jobs, Kinds: map[string]jobs.Kind{
		KindSendMail: {Handle: w.send, Dead: w.dead},
	}}
	return w
}

// Run sends until ctx ends; the message in progress is finished first.
func (w *Worker) Run(ctx context.Context) error { return w.Runner.Run(ctx) }

func (w *Worker) send(ctx context.Context, j *jobs.Job) (func(tx *store.Tx) error, error) {
	var p sendPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return nil, fmt.Errorf("comms: payload: %w", err)
	}
	m, err := w.Outbox.Get(ctx, w.Outbox.DB, p.OutboxID)
	if err != nil {
		return nil, err
	}
	if m.Status == StatusSent {
		return nil, nil // already sent (a duplicate job); nothing to do
	}
	now := w.Outbox.Now()
	full, err := Reveal(ctx, w.Outbox.DB, m)
	if err != nil {
		return nil, err
	}
	if err := w.Sender.Send(ctx, w.From, []string{m.To}, Compose(w.From, full, now)); err != nil {
		// Visible to organisers while the job waits for its retry.
		w.Outbox.DB.Exec(ctx, "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", truncate(err.Error()), m.ID)
		return nil, err
	}
	return func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?", now, m.ID); err != nil {
			return err
		}
		return deleteSecrets(ctx, tx, m.ID) // delivered: the stored message keeps only placeholders
	}, nil
}

func (w *Worker) dead(ctx context.Context, tx *store.Tx, j *jobs.Job, cause error) error {
	var p sendPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return nil
	}
	_, err := tx.Exec(ctx, "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ? AND status <> 'sent'", truncate(cause.Error()), p.OutboxID)
	return err
}

func truncate(s string) string {
	if len(s) > 1000 {
		return s[:1000]
	}
	return s
}

// Retry queues a failed message again with a fresh job (its Message-ID stays).
func (o *Outbox) Retry(ctx context.Context, id int64) error {
	return o.DB.InTx(ctx, func(tx *store.Tx) error {
		m, err := o.Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.Status != StatusFailed {
			return nil
		}
		if _, err := tx.Exec(ctx, "UPDATE outbox SET status = 'queued' WHERE id = ?", id); err != nil {
			return err
		}
		_, err = o.Jobs.Enqueue(ctx, tx, jobs.New{Kind: KindSendMail, Payload: sendPayload{OutboxID: id},
			DedupeKey: fmt.Sprintf("mail:%d:retry:%d", id, time.Now().UnixNano()), MaxAttempts: 12})
		return err
	})
}
