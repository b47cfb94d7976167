package orgsandbox

import (
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/twiin"
)

func TestEvaluateChecks(t *testing.T) {
	const ura = "90000001"
	xs := []Exchange{ // newest first
		{ID: 5, Exchange: twiin.Exchange{Role: "holder", Method: "GET", Path: "/fhir/Observation", Status: 403, TokenURA: ura, PeerSubject: "CN=TEST A", Note: "buiten de autorisatiebasis"}},
		{ID: 4, Exchange: twiin.Exchange{Role: "holder", Method: "GET", Path: "/fhir/Condition", Status: 200, TokenURA: ura, PeerSubject: "CN=TEST A"}},
		{ID: 3, Exchange: twiin.Exchange{Role: "sender", Method: "POST", Path: "https://a/notify/Task", Status: 201, PeerURA: ura}},
		{ID: 2, Exchange: twiin.Exchange{Role: "receiver", Method: "POST", Path: "/Task", Status: 201, PeerURA: "90000002"}},
		{ID: 1, Exchange: twiin.Exchange{Role: "puller", Method: "POST", Path: "https://a/oauth/token", Status: 400, PeerURA: ura}},
	}
	got := map[string]Check{}
	for _, c := range EvaluateChecks(xs, ura) {
		got[c.ID] = c
	}
	want := map[string]struct {
		run, pass bool
		ex        int64
	}{
		"receiver_task_accepted": {true, true, 3},
		"receiver_pulls":         {true, false, 5},
		"receiver_client_cert":   {true, true, 5},
		"sender_task_accepted":   {false, false, 0}, // another organisation's
		"sender_token":           {true, false, 1},
		"sender_pull_round":      {false, false, 0},
	}
	for id, w := range want {
		c := got[id]
		var ex int64
		if c.Exchange != nil {
			ex = c.Exchange.ID
		}
		if c.Run != w.run || c.Pass != w.pass || ex != w.ex {
			t.Errorf("%s: run %v pass %v exchange %d, want %+v", id, c.Run, c.Pass, ex, w)
		}
	}
	if cs := EvaluateChecks(xs, ""); cs[0].Run {
		t.Fatalf("no organisation: %+v", cs[0])
	}
	title, d := got["receiver_pulls"].FindingText("Haalt alleen op wat de basis dekt")
	if !strings.HasPrefix(title, "Twiin: ") || !strings.Contains(d, "#5") || !strings.Contains(d, "/fhir/Observation → 403") || !strings.Contains(d, "buiten de autorisatiebasis") {
		t.Fatalf("finding text %q %q", title, d)
	}
}
