package jobs

import "context"

// Drain runs the jobs that are due, one after another, until none is left;
// it stops at the first error claiming one. For tests and one-shot
// commands; a server uses Run.
func (r *Runner) Drain(ctx context.Context) error {
	for {
		worked, err := r.RunOnce(ctx)
		if err != nil || !worked {
			return err
		}
	}
}
