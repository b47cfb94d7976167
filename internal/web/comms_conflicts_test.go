package web

import (
	"strings"
	"testing"
)

// TestCommsConflictText: the refusals of the Communicatie pages are shown
// in the page's language, the template-in-use count included; text the
// catalogue does not know stays as it is.
func TestCommsConflictText(t *testing.T) {
	cases := []struct{ msg, lang, want string }{
		{"the template is used by 3 planned message(s); choose another template there first", "nl", "Dit sjabloon wordt gebruikt door 3 gepland(e) bericht(en); kies daar eerst een ander sjabloon."},
		{"the template is used by 12 planned message(s); choose another template there first", "en", "This template is used by 12 planned message(s); choose another template there first."},
		{"this message was sent to recipients and stays in the calendar; set its status to geannuleerd instead", "nl", "Dit bericht is al naar ontvangers verstuurd en blijft daarom in de kalender staan; zet de status op Geannuleerd als het niet meer geldt."},
		{"this message was sent to recipients and stays in the calendar; set its status to geannuleerd instead", "en", "This message was sent to recipients and stays in the calendar; set its status to Cancelled if it no longer applies."},
		{"a cancelled message is not sent", "nl", "Een geannuleerd bericht wordt niet verstuurd."},
		{"only e-mail messages are sent through the outbox; mark messages on other channels as sent yourself", "nl", "Alleen e-mailberichten gaan via de outbox; zet berichten via andere kanalen zelf op Verzonden."},
		{"something unknown", "nl", "something unknown"},
	}
	for _, c := range cases {
		if got := commsConflictText(c.lang, c.msg); got != c.want {
			t.Errorf("%s %q:\n got %q\nwant %q", c.lang, c.msg, got, c.want)
		}
	}
	if got := commsConflictText("nl", "the template is used by 3 planned message(s); choose another template there first"); strings.Contains(got, "%!") {
		t.Errorf("bad format: %q", got)
	}
}
