package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
)

// recentOnLogScreen is how many of the user's own findings the logging screen lists.
const recentOnLogScreen = 10

// pickLists fills the logging screen's pick lists: the hackathon's
// participating organisations first, the other known organisations after
// them, the registered people for "reported by", and the user's latest findings.
func (p *findingPages) pickLists(r *http.Request, v *view) error {
	ctx := r.Context()
	rq := httpx.From(r)
	parts, err := p.svc.Participants(ctx, rq.HackathonID)
	if err != nil {
		return err
	}
	all, err := p.Hackathons.Organisations(ctx)
	if err != nil {
		return err
	}
	in := map[int64]bool{}
	for _, o := range parts {
		in[o.ID] = true
	}
	var others []finding.Participant
	for _, o := range all {
		if !in[o.ID] {
			others = append(others, finding.Participant{ID: o.ID, Name: o.Name, ChainRole: o.ChainRole})
		}
	}
	reporters, err := p.svc.Reporters(ctx, rq.HackathonID)
	if err != nil {
		return err
	}
	recent, err := p.svc.RecentBy(ctx, rq.HackathonID, rq.UserID(), recentOnLogScreen)
	if err != nil {
		return err
	}
	v.D["Participants"] = parts
	v.D["Others"] = others
	v.D["Reporters"] = reporters
	v.D["Recent"] = recent
	return nil
}
