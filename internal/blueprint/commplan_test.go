package blueprint

import (
	"testing"
	"time"
)

func TestCommMoments(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range CommMoments() {
		if seen[m.Key] {
			t.Errorf("moment %s twice", m.Key)
		}
		seen[m.Key] = true
		ms, ok := MilestoneByID(m.Milestone)
		if !ok {
			t.Errorf("%s: unknown milestone %s", m.Key, m.Milestone)
			continue
		}
		if m.Title.NL == "" || m.Title.EN == "" {
			t.Errorf("%s: title missing a language", m.Key)
		}
		found := false
		for _, c := range CommChannels() {
			found = found || c == m.Channel
		}
		if !found {
			t.Errorf("%s: channel %q", m.Key, m.Channel)
		}
		if m.News != (m.Milestone == "6C" || m.Milestone == "9F") {
			t.Errorf("%s: news %v for milestone %s", m.Key, m.News, ms.ID)
		}
	}
	for _, key := range []string{"invitation", "registration_confirmation", "kickoff_invitation", "snelcheck_result", "logistics", "feedback", "closing"} {
		if !seen[key] {
			t.Errorf("the issue's moment %s is missing", key)
		}
	}
	k, d1, last := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 10, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC)
	m, _ := CommMomentByKey("closing")
	if got := m.Proposed(k, d1, last); !got.Equal(last.AddDate(0, 0, 60)) {
		t.Errorf("closing proposed on %v", got)
	}
	m, _ = CommMomentByKey("kickoff_invitation")
	if got := m.Proposed(time.Time{}, d1, last); !got.IsZero() {
		t.Errorf("without a kick-off the invitation has no date: %v", got)
	}
}
