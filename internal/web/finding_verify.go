package web

import (
	"time"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/finding"
)

// workflowPath is the main path a finding takes, shown as steps on its page.
var workflowPath = []finding.Status{finding.StatusNieuw, finding.StatusInTriage, finding.StatusToegewezen,
	finding.StatusInAnalyse, finding.StatusOpgelost, finding.StatusGeverifieerd}

// step is one step of the path as the finding page shows it.
type step struct {
	Status  finding.Status
	Done    bool
	Current bool
}

func workflowSteps(cur finding.Status) []step {
	out := make([]step, len(workflowPath))
	pos := -1
	for i, s := range workflowPath {
		if s == cur {
			pos = i
		}
	}
	for i, s := range workflowPath {
		out[i] = step{Status: s, Done: pos >= 0 && i < pos, Current: i == pos}
	}
	return out
}

// solvedEntry is the latest move to opgelost in a finding's trail: who
// reported it solved and when, for the verification step.
func solvedEntry(trail []audit.Entry) *audit.Entry {
	var last *audit.Entry
	for i := range trail {
		if trail[i].Action == "status" && trail[i].To == string(finding.StatusOpgelost) {
			last = &trail[i]
		}
	}
	return last
}

// solvedToday reports whether the finding was reported solved today: the
// triage team verifies on a later day, so the page says so.
func solvedToday(e *audit.Entry, now time.Time) bool {
	return e != nil && date.Of(e.At).String() == date.Of(now).String()
}
