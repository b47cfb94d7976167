package twiin

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 7, 3, 9, 0, 0, 0, time.UTC)

func sample() Notification {
	return Notification{PatientBSN: "999990019", SenderURA: "90000001", ReceiverURA: "90000002", Base: "b3BhcXVl",
		Queries:  []string{"Condition", "Consent?category=http://snomed.info/sct|11291000146105", "Observation/$lastn?code=http://loinc.org|85354-9"},
		Reads:    []string{"DocumentReference/dr-1"},
		NotAfter: t0.Add(7 * 24 * time.Hour), AuthoredOn: t0}
}

func errorsOf(is Issues) string {
	var b strings.Builder
	for _, i := range is {
		if i.Severity == "error" {
			b.WriteString(i.Expression + ": " + i.Message + "\n")
		}
	}
	return b.String()
}

func TestBuildValidates(t *testing.T) {
	task := sample().Build()
	if is := Validate(task, t0); len(is) != 0 {
		t.Fatalf("issues on a built Task: %+v", is)
	}
	back, err := ParseTask(task.JSON())
	if err != nil {
		t.Fatal(err)
	}
	if back.Base() != "b3BhcXVl" || len(back.Queries()) != 3 || back.Reads()[0] != "DocumentReference/dr-1" {
		t.Fatalf("round trip: base %q queries %q reads %q", back.Base(), back.Queries(), back.Reads())
	}
	if q := back.Queries()[1]; q != "Consent?category=http://snomed.info/sct%7C11291000146105" {
		t.Fatalf("query not percent-encoded: %q", q)
	}
	if !strings.HasPrefix(back.IdentifierValue(), "urn:uuid:") || back.GroupIdentifier == nil {
		t.Fatal("identifier/groupIdentifier missing")
	}
}

func TestUpdateKeepsGroupNewIdentifier(t *testing.T) {
	first := sample().Build()
	n := sample()
	n.Base = "new-base"
	upd := first.Update(n)
	if upd.GroupIdentifier.Value != first.GroupIdentifier.Value || upd.IdentifierValue() == first.IdentifierValue() {
		t.Fatalf("update: group %v → %v, identifier %s → %s", first.GroupIdentifier, upd.GroupIdentifier, first.IdentifierValue(), upd.IdentifierValue())
	}
	c := first.Cancelled()
	if c.Status != "cancelled" || first.Status != "requested" || c.IdentifierToken() != first.IdentifierToken() {
		t.Fatal("Cancelled must copy with status cancelled and the same identifier")
	}
}

func TestValidateFindsEachRule(t *testing.T) {
	cases := []struct {
		name, want string
		mod        func(*Task)
	}{
		{"no base", "authorization-base", func(t *Task) { t.Input = t.Input[1:] }},
		{"code", "Task.code", func(t *Task) { t.Code.Coding[0].Code = "other" }},
		{"status", "Task.status", func(t *Task) { t.Status = "draft" }},
		{"intent", "Task.intent", func(t *Task) { t.Intent = "order" }},
		{"owner", "Task.owner.identifier", func(t *Task) { t.Owner = nil }},
		{"owner system", "Task.owner.identifier.system", func(t *Task) { t.Owner.Identifier.System = "urn:x" }},
		{"onBehalfOf", "Task.requester.onBehalfOf.identifier", func(t *Task) { t.Requester.OnBehalfOf = nil }},
		{"patient", "Task.for.identifier", func(t *Task) { t.For = nil }},
		{"raw pipe", "procent-gecodeerd", func(t *Task) { s := "Consent?category=a|b"; t.Input[1].ValueString = &s }},
		{"absolute", "relatief", func(t *Task) { s := "https://x/fhir/Condition"; t.Input[1].ValueString = &s }},
		{"bad read", "Type/id", func(t *Task) { t.Input[len(t.Input)-1].ValueReference.Reference = "nope" }},
		{"contained", "klinische inhoud", func(t *Task) { t.Contained = append(t.Contained, []byte(`{"resourceType":"Condition"}`)) }},
		{"period past", "verleden", func(t *Task) { t.Restriction.Period.End = "2020-01-01T00:00:00Z" }},
		{"identifier", "Task.identifier", func(t *Task) { t.Identifier = nil }},
	}
	for _, c := range cases {
		task := sample().Build()
		c.mod(task)
		if got := errorsOf(Validate(task, t0)); !strings.Contains(got, c.want) {
			t.Errorf("%s: errors %q, want one about %q", c.name, got, c.want)
		}
	}
	// A missing period is a warning only.
	task := sample().Build()
	task.Restriction = nil
	is := Validate(task, t0)
	if is.Errors() || len(is) != 1 || is[0].Severity != "warning" {
		t.Fatalf("missing period: %+v", is)
	}
	// TA 1.2 input names are accepted.
	task = sample().Build()
	task.Input[1].Type.Coding[0].Code = InputQueryTA12
	if is := Validate(task, t0); is.Errors() || len(task.Queries()) != 3 {
		t.Fatalf("TA 1.2 search-resource: %+v", is)
	}
}

func TestParseTaskRefusesWrongVersionAndType(t *testing.T) {
	for body, want := range map[string]string{
		`{"resourceType":"Patient"}`: "geen Task",
		`{"resourceType":"Task","status":"requested","intent":"proposal","requester":{"reference":"Organization/1"}}`: "R4-Reference",
		`{"resourceType":"Task","statusReason":{"text":"x"}}`:                                                         "alleen in R4",
		`[1,2]`:                               "geen JSON-object",
		`{"resourceType":"Task","status":5}`:  "Task.status",
		`<Task xmlns="http://hl7.org/fhir"/>`: "geen JSON-object",
	} {
		if _, err := ParseTask([]byte(body)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", body, err, want)
		}
	}
}

func TestCheckQuery(t *testing.T) {
	ok := []string{"Condition", "Observation/$lastn?code=http://loinc.org%7C85354-9", "Consent?category=http://snomed.info/sct%7C1,http://snomed.info/sct%7C2&_include=Consent:actor"}
	bad := []string{"", "/Condition", "condition", "Condition?x", "Condition?a=b c", "Condition/123?x=1", "Condition?a=%zz"}
	for _, q := range ok {
		if m := CheckQuery(q); m != "" {
			t.Errorf("%q: %s", q, m)
		}
	}
	for _, q := range bad {
		if CheckQuery(q) == "" {
			t.Errorf("%q accepted", q)
		}
	}
}

func FuzzParseTask(f *testing.F) {
	f.Add(sample().Build().JSON())
	f.Add([]byte(`{"resourceType":"Task","input":[{"type":{"coding":[{"system":"http://fhir.nl/fhir/NamingSystem/TaskParameter","code":"query-available-resources"}]},"valueString":"A?b=%"}]}`))
	f.Add([]byte(`{"resourceType":"Task","requester":{"identifier":{}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		task, err := ParseTask(b)
		if err != nil {
			return
		}
		_ = Validate(task, t0)
		_ = task.Queries()
		_ = task.Base()
	})
}

func FuzzCheckQuery(f *testing.F) {
	f.Add("Observation/$lastn?code=http://loinc.org%7C85354-9")
	f.Add("A?%")
	f.Fuzz(func(t *testing.T, q string) {
		if CheckQuery(q) == "" && CheckQuery(EncodeQuery(q)) != "" {
			t.Fatalf("valid %q invalid after EncodeQuery", q)
		}
	})
}
