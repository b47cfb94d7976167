package intake

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
)

// FuzzRequestValidate: whatever a party types, Validate either refuses it
// with field errors or leaves clean text within the limits.
func FuzzRequestValidate(f *testing.F) {
	f.Add("Zorg BV", "Ria", "BgZ", "doel", "reden", "Q2")
	f.Add("", "\x00", "<script>", strings.Repeat("é", 3000), "\xff\xfe", " ")
	f.Fuzz(func(t *testing.T, org, contact, ds, goal, reason, period string) {
		in := RequestInput{org, contact, ds, goal, reason, period}
		if err := in.Validate(); err != nil {
			if len(apperr.Fields(err)) == 0 {
				t.Fatalf("not a field error: %v", err)
			}
			return
		}
		for _, s := range []string{in.Organisation, in.Contact, in.DataService, in.Period} {
			if s == "" || len(s) > MaxLine || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("accepted %q", s)
			}
		}
		for _, s := range []string{in.Goal, in.Reason} {
			if s == "" || len(s) > MaxText || !cleanText(s) {
				t.Fatalf("accepted %q", s)
			}
		}
	})
}

// FuzzParticipantValidate: readiness is 1–5 whenever the input is accepted.
func FuzzParticipantValidate(f *testing.F) {
	f.Add("Piet", "3", "R4", "q")
	f.Add("Piet", "6", "R9", "\x01")
	f.Add("Piet", " 05", "stu3", "")
	f.Fuzz(func(t *testing.T, contact, readiness, fhir, questions string) {
		in := ParticipantInput{Contact: contact, FollowUpOwner: "K", Product: "P", DataService: "BgZ",
			FHIRVersion: fhir, Readiness: readiness, Questions: questions}
		r, err := in.Validate()
		if err != nil {
			return
		}
		if r < 1 || r > 5 || !cleanText(in.Questions) || len(in.Questions) > MaxText {
			t.Fatalf("accepted readiness %d questions %q", r, in.Questions)
		}
	})
}

func TestGroupThousands(t *testing.T) {
	for n, want := range map[int]string{200: "200", 2000: "2,000", 20000: "20,000", 1234567: "1,234,567"} {
		if got := groupThousands(n); got != want {
			t.Errorf("%d: %q", n, got)
		}
	}
}

func TestCanvasFromAndNotice(t *testing.T) {
	r := &Request{RequestInput: RequestInput{Organisation: "Zorg BV", Contact: "Ria", DataService: "BgZ", Goal: "G", Reason: "R", Period: "Q2"}, RequesterName: "Ria"}
	c := CanvasFrom(r)
	if c["aanleiding_doel"] != "G" || c["aanleiding_middel"] != "R" || c["scope_gegevensdienst"] != "BgZ" || c["scope_planning"] != "Q2" {
		t.Errorf("canvas: %v", c)
	}
	s, b := Notice(r, Decision{Outcome: StatusDeclined, Response: "Geen capaciteit"}, 0)
	if s != "Je aanvraag voor een hackathon is afgewezen" || !strings.Contains(b, "Geen capaciteit") || !strings.Contains(b, "je aanvraag") {
		t.Errorf("notice: %q %q", s, b)
	}
}
