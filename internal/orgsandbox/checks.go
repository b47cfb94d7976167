package orgsandbox

import (
	"fmt"
	"net/http"
	"strings"
)

// Check is one item of the checklist per role (twiin.md §5) evaluated on
// the recorded exchanges of one organisation.
type Check struct {
	Role string // "sender" or "receiver": the participant's role
	ID   string // stable id; the UI text is i18n key twiin.check.{ID}
	Run  bool   // an exchange decided it (false: not yet exercised)
	Pass bool
	// Exchange is the exchange behind the verdict (the first failing one,
	// else the newest passing one); nil when not run.
	Exchange *Exchange
}

// checkRule decides one check from exchanges (newest first) of ura:
// relevant picks the exchanges that exercise it, ok tells pass from fail.
type checkRule struct {
	role, id string
	relevant func(x *Exchange, ura string) bool
	ok       func(x *Exchange) bool
}

func isToken(x *Exchange) bool {
	return strings.HasSuffix(strings.SplitN(x.Path, "?", 2)[0], "/oauth/token")
}

var checkRules = []checkRule{
	// The participant as sender: ketentest receives and pulls.
	{"sender", "sender_task_accepted", func(x *Exchange, ura string) bool {
		return x.Role == "receiver" && x.PeerURA == ura && x.Method == http.MethodPost
	},
		func(x *Exchange) bool { return x.Status == http.StatusCreated }},
	{"sender", "sender_token", func(x *Exchange, ura string) bool { return x.Role == "puller" && x.PeerURA == ura && isToken(x) },
		func(x *Exchange) bool { return x.Status == http.StatusOK }},
	{"sender", "sender_serves_queries", func(x *Exchange, ura string) bool { return x.Role == "puller" && x.PeerURA == ura && !isToken(x) },
		func(x *Exchange) bool { return x.Status == http.StatusOK }},
	{"sender", "sender_tls_cert", func(x *Exchange, ura string) bool { return x.Role == "puller" && x.PeerURA == ura },
		func(x *Exchange) bool { return x.PeerSubject != "" }},
	{"sender", "sender_pull_round", func(x *Exchange, ura string) bool { return x.Role == "pull" && x.PeerURA == ura },
		func(x *Exchange) bool { return x.Status == http.StatusOK }},
	// The participant as receiver: ketentest sends and holds the data.
	{"receiver", "receiver_task_accepted", func(x *Exchange, ura string) bool { return x.Role == "sender" && x.PeerURA == ura },
		func(x *Exchange) bool { return x.Status == http.StatusCreated }},
	{"receiver", "receiver_pulls", func(x *Exchange, ura string) bool { return x.Role == "holder" && x.TokenURA == ura },
		func(x *Exchange) bool { return x.Status == http.StatusOK }},
	{"receiver", "receiver_client_cert", func(x *Exchange, ura string) bool {
		return (x.Role == "holder" || x.Role == "receiver") && (x.TokenURA == ura || x.PeerURA == ura)
	}, func(x *Exchange) bool { return x.PeerSubject != "" }},
}

// EvaluateChecks runs the checklist per role over exchanges (newest
// first) of the organisation with test URA ura.
func EvaluateChecks(xs []Exchange, ura string) []Check {
	out := make([]Check, 0, len(checkRules))
	for _, r := range checkRules {
		c := Check{Role: r.role, ID: r.id}
		for i := range xs {
			x := &xs[i]
			if ura == "" || !r.relevant(x, ura) {
				continue
			}
			if !r.ok(x) {
				c.Run, c.Pass, c.Exchange = true, false, x
				break
			}
			if !c.Run {
				c.Run, c.Pass, c.Exchange = true, true, x
			}
		}
		out = append(out, c)
	}
	return out
}

// FindingText is the title and description a finding logged from a
// failed check starts with (the exchange behind it named, no secrets:
// paths are recorded masked).
func (c Check) FindingText(title string) (string, string) {
	d := "Controle " + c.ID + " (" + c.Role + ") faalde."
	if x := c.Exchange; x != nil {
		d += fmt.Sprintf("\n\n- Uitwisseling #%d, %s: %s %s → %d", x.ID, x.At.UTC().Format("2006-01-02 15:04:05Z"), x.Method, x.Path, x.Status)
		if x.PeerSubject != "" {
			d += "\n- Certificaat: " + x.PeerSubject
		}
		if x.Note != "" {
			d += "\n- Reden: " + x.Note
		}
	}
	return "Twiin: " + title, d
}
