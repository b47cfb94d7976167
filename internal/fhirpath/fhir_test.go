package fhirpath

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

func parseRes(t *testing.T, v fhir.Version, src string) *fhir.Resource {
	t.Helper()
	r, err := fhir.ParseOptions{Version: v}.Parse([]byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return r
}

// eval compiles and evaluates src and renders the result as
// "value, value" (toString of each item).
func eval(t *testing.T, r *fhir.Resource, env *Env, src string) string {
	t.Helper()
	e, err := Compile(src, Options{Version: r.Version})
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	c, err := e.EvaluateResource(context.Background(), r, env)
	if err != nil {
		t.Fatalf("evaluate %q: %v", src, err)
	}
	parts := make([]string, len(c))
	for i, it := range c {
		parts[i] = it.String()
	}
	return strings.Join(parts, ", ")
}

type evalCase struct{ expr, want string }

func runCases(t *testing.T, r *fhir.Resource, env *Env, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		if got := eval(t, r, env, c.expr); got != c.want {
			t.Errorf("%s (%s) = %q, want %q", c.expr, r.Version, got, c.want)
		}
	}
}

const obsR4 = `{"resourceType":"Observation","id":"o1","status":"final",
 "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},
 "encounter":{"reference":"Encounter/e1"},
 "valueQuantity":{"value":1500,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"},
 "effectiveDateTime":"2024-03-01T10:00:00+01:00",
 "extension":[{"url":"http://example.org/age","valueAge":{"value":42,"unit":"a","system":"http://unitsofmeasure.org","code":"a"}}]}`

const obsSTU3 = `<Observation xmlns="http://hl7.org/fhir"><id value="o1"/><status value="final"/>
 <code><coding><system value="http://loinc.org"/><code value="29463-7"/></coding></code>
 <context><reference value="Encounter/e1"/></context>
 <effectiveDateTime value="2024-03-01T10:00:00+01:00"/>
 <valueQuantity><value value="1500"/><unit value="mg"/><system value="http://unitsofmeasure.org"/><code value="mg"/></valueQuantity>
</Observation>`

// Choice elements, FHIR types and UCUM comparison work on both releases;
// the element names and types come from each release's definitions.
func TestChoiceTypesAndQuantitiesSTU3AndR4(t *testing.T) {
	common := []evalCase{
		{"Observation.value.unit", "mg"},
		{"Observation.value.is(Quantity)", "true"},
		{"Observation.value is Quantity", "true"},
		{"Observation.value.is(Period)", "false"},
		{"Observation.value.as(Period).start", ""},
		{"(Observation.value as Quantity).value", "1500"},
		{"Observation.value > 1 'g'", "true"},
		{"Observation.value = 1.5 'g'", "true"},
		{"Observation.value < 2 '[lb_av]'", "true"},
		{"Observation.value.type().name", "Quantity"},
		{"Observation.effective > @2024-03-01T08:30:00Z", "true"},
		{"Observation.effective < @2024-03-01T09:30:00Z", "true"},
		{"Observation.effective.is(dateTime)", "true"},
		{"Observation.status.is(code) and Observation.status.is(string)", "true"},
		{"Observation.status.as(string)", ""},
		{"Observation.valueQuantity.exists()", "true"},
		{"Observation.value.ofType(Quantity).code = %ucum.substring(0,0) + 'mg'", "true"},
		{"Observation.code.coding.where(system = %loinc).code", "29463-7"},
		{"Observation.is(DomainResource) and Observation.is(Resource)", "true"},
	}
	r4 := parseRes(t, fhir.R4, obsR4)
	runCases(t, r4, nil, common)
	runCases(t, r4, nil, []evalCase{
		{"Observation.encounter.is(Reference)", "true"},
		{"Observation.extension('http://example.org/age').value is Age", "true"},
		{"Observation.extension('http://example.org/age').value is Quantity", "true"},
		{"Observation.extension('http://example.org/age').value is Duration", "false"},
		{"Observation.extension('http://example.org/age').value > 40 'a'", "true"},
	})
	stu3 := parseRes(t, fhir.STU3, obsSTU3)
	if stu3.Version != fhir.STU3 {
		t.Fatalf("version %s", stu3.Version)
	}
	runCases(t, stu3, nil, common)
	runCases(t, stu3, nil, []evalCase{
		// STU3 has Observation.context where R4 has encounter
		{"Observation.context.is(Reference)", "true"},
		{"Observation.encounter", ""},
	})
}

// A lowercase name of a FHIR complex datatype resolves to that type, as
// Touchstone and HAPI do (the Nictiz scripts use where($this.is(coding)));
// primitive names keep their own meaning.
func TestLenientComplexTypeNames(t *testing.T) {
	for _, v := range []struct {
		ver fhir.Version
		src string
	}{{fhir.R4, obsR4}, {fhir.STU3, obsSTU3}} {
		r := parseRes(t, v.ver, v.src)
		runCases(t, r, nil, []evalCase{
			{"Observation.descendants().where($this.is(coding)).code", "29463-7"},
			{"Observation.code.coding.is(coding)", "true"},
			{"Observation.value.is(quantity)", "true"},
			{"Observation.value.ofType(quantity).unit", "mg"},
			{"(Observation.value as quantity).value", "1500"},
			{"Observation.code.is(FHIR.codeableConcept)", "true"},
			{"Observation.code.is(codeableConcept)", "true"},
			{"Observation.status.is(string)", "true"},
			{"Observation.status.is(coding)", "false"},
		})
	}
}

// Without type information for the root (an unknown Env.Type) choice
// names are still found by their suffix.
func TestElementContextWithType(t *testing.T) {
	p := parseRes(t, fhir.R4, `{"resourceType":"Patient","id":"p","gender":"female",
	 "name":[{"family":"Jansen","given":["Anna","Maria"]}]}`)
	name := p.Root.Child("name")
	e := MustCompile("given.first() & ' ' & family & ' ' & %resource.gender & ' ' & %context.given.count().toString()", Options{})
	c, err := e.Evaluate(context.Background(), name, &Env{Type: "HumanName", Resource: p.Root})
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != 1 || c[0].String() != "Anna Jansen female 2" {
		t.Fatalf("got %v", render(c))
	}
	c, err = MustCompile("$this.is(HumanName) and %resource.is(Patient)", Options{}).Evaluate(context.Background(), name, &Env{Type: "HumanName", Resource: p.Root})
	if err != nil || len(c) != 1 || c[0].String() != "true" {
		t.Fatalf("got %v, %v", render(c), err)
	}
}

func TestResolveInBundleAndContained(t *testing.T) {
	b := parseRes(t, fhir.R4, `{"resourceType":"Bundle","type":"collection","entry":[
	 {"fullUrl":"http://example.org/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1","gender":"male"}},
	 {"fullUrl":"urn:uuid:0a1b","resource":{"resourceType":"Practitioner","id":"x","name":[{"family":"Bakker"}]}},
	 {"fullUrl":"http://example.org/fhir/Observation/o1","resource":{"resourceType":"Observation","id":"o1","status":"final",
	   "code":{"text":"x"},"subject":{"reference":"Patient/p1"},"performer":[{"reference":"urn:uuid:0a1b"},{"reference":"Organization/none"}]}}]}`)
	runCases(t, b, nil, []evalCase{
		{"Bundle.entry.resource.ofType(Observation).subject.resolve().gender", "male"},
		{"Bundle.entry.resource.ofType(Observation).performer.resolve().name.family", "Bakker"},
		{"Bundle.entry.resource.ofType(Observation).subject.resolve().is(Patient)", "true"},
	})
	c := parseRes(t, fhir.R4, `{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"},
	 "contained":[{"resourceType":"Patient","id":"pat","gender":"other"}],"subject":{"reference":"#pat"}}`)
	runCases(t, c, nil, []evalCase{
		{"subject.resolve().gender", "other"},
		{"contained.where(('#' + id) in %resource.descendants().reference).count()", "1"},
	})
	// a reference outside the document goes to Env.Resolve
	other := fhir.NewResource(fhir.R4, "Patient")
	other.Root.Append(fhir.NewString("gender", "unknown"))
	env := &Env{Resolve: func(_ context.Context, ref string) (*fhir.Node, error) {
		if ref == "Organization/none" {
			return nil, nil
		}
		return other.Root, nil
	}}
	d := parseRes(t, fhir.R4, `{"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/elsewhere"}}`)
	runCases(t, d, env, []evalCase{{"subject.resolve().gender", "unknown"}})
}

type fakeTerminology map[string][]string // value set -> system|code

func (f fakeTerminology) MemberOf(_ context.Context, vs string, codings []fhir.Coding) (bool, error) {
	members, ok := f[vs]
	if !ok {
		return false, errors.New("value set not loaded")
	}
	for _, c := range codings {
		for _, m := range members {
			if m == c.System+"|"+c.Code {
				return true, nil
			}
		}
	}
	return false, nil
}

func TestMemberOfAndConformsTo(t *testing.T) {
	r := parseRes(t, fhir.R4, obsR4)
	term := fakeTerminology{"http://example.org/vs/weight": {"http://loinc.org|29463-7"}, "http://example.org/vs/status": {"|final"}}
	env := &Env{Terminology: term, ConformsTo: func(_ context.Context, n *fhir.Node, url string) (bool, error) {
		return url == "http://example.org/profile/obs" && n.Resource == "Observation", nil
	}}
	runCases(t, r, env, []evalCase{
		{"code.memberOf('http://example.org/vs/weight')", "true"},
		{"code.coding.first().memberOf('http://example.org/vs/weight')", "true"},
		{"status.memberOf('http://example.org/vs/status')", "true"},
		{"status.memberOf('http://example.org/vs/weight')", "false"},
		{"conformsTo('http://example.org/profile/obs')", "true"},
		{"conformsTo('http://example.org/profile/other')", "false"},
	})
	// without a terminology or profile source: errors, except core types
	runCases(t, r, nil, []evalCase{
		{"conformsTo('http://hl7.org/fhir/StructureDefinition/Observation')", "true"},
		{"conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')", "false"},
	})
	for _, src := range []string{"code.memberOf('http://example.org/vs/weight')", "conformsTo('http://example.org/x')"} {
		_, err := MustCompile(src, Options{}).EvaluateResource(context.Background(), r, nil)
		var ee *EvalError
		if !errors.As(err, &ee) {
			t.Errorf("%s without environment: error %v, want *EvalError", src, err)
		}
	}
	_, err := MustCompile("code.memberOf('http://example.org/unknown')", Options{}).EvaluateResource(context.Background(), r, env)
	if err == nil || !strings.Contains(err.Error(), "value set not loaded") {
		t.Errorf("unknown value set: %v", err)
	}
}

func TestDateTimePrecision(t *testing.T) {
	r := fhir.NewResource(fhir.R4, "Patient")
	runCases(t, r, nil, []evalCase{
		{"@2012-01 = @2012-01-15", ""},
		{"@2012-01 < @2013-01-15", "true"},
		{"@2012-01-15 ~ @2012-01", "false"},
		{"@2012-04-15T15:00:00Z = @2012-04-15T10:00:00", ""},
		{"@2012-04-15T15:00:00+02:00 = @2012-04-15T16:00:00+03:00", "true"},
		{"@2012-04-15T10:00:00.0 = @2012-04-15T10:00:00", "true"},
		{"@T10:30 > @T10:29:59", "true"},
		{"@2024-01-31 + 1 month", "2024-02-29"},
		{"@2024-03-01T00:00:00Z - 1 day", "2024-02-29T00:00:00Z"},
	})
}

func TestSyntaxErrorsNamePosition(t *testing.T) {
	cases := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"Patient.name.(", 1, 14, "expected an expression"},
		{"Patient.name.given.bogus()", 1, 20, "unknown function 'bogus'"},
		{"name.where()", 1, 6, "takes 1 argument"},
		{"2 + 2 /", 1, 8, "end of expression"},
		{"name\n  .given + 'x", 2, 12, "not closed"},
		{"1 + /* open", 1, 5, "comment not closed"},
		{"name.given ? 1", 1, 12, "unexpected character"},
		{"(1 + 2", 1, 7, "expected ')'"},
		{"@2024-13-01", 1, 1, "invalid date"},
		{"1 is", 1, 5, "type name"},
		{strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300), 1, 201, "nested too deeply"},
	}
	for _, c := range cases {
		_, err := Compile(c.src, Options{})
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v, want *SyntaxError", c.src, err)
			continue
		}
		if se.Line != c.line || se.Column != c.col || !strings.Contains(se.Msg, c.msg) {
			t.Errorf("%q: got %q (line %d col %d), want %q at %d:%d", c.src, se.Error(), se.Line, se.Column, c.msg, c.line, c.col)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	p := parseRes(t, fhir.R4, `{"resourceType":"Patient","name":[{"family":"A"},{"family":"B"}]}`)
	for _, src := range []string{
		"Patient.name.single()",
		"Patient.name.family + 1",
		"Patient.name.family.startsWith('A')",
		"Patient.name.as(HumanName)",
		"Patient.name.ofType(NoSuchType)",
		"Patient.name.ofType(patient)", // resource types are not folded
		"Patient.name.is(noSuchType)",
		"%undefined",
		"'a' < 1",
		"(1 | 2).not()",
		"@2024-03-01 + 1 'a'",
	} {
		_, err := MustCompile(src, Options{}).EvaluateResource(context.Background(), p, nil)
		var ee *EvalError
		if !errors.As(err, &ee) {
			t.Errorf("%s: error %v, want *EvalError", src, err)
		}
	}
}

// A canceled context stops a large evaluation.
func TestCanceledContext(t *testing.T) {
	b := fhir.NewResource(fhir.R4, "Bundle")
	for i := 0; i < 20000; i++ {
		b.Root.Append(fhir.NewElement("entry", fhir.NewString("fullUrl", "urn:x")).InArray())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := MustCompile("descendants().count()", Options{}).Evaluate(ctx, b.Root, nil)
	if !errors.Is(err, errCanceled) {
		t.Fatalf("err = %v, want canceled", err)
	}
	c, err := MustCompile("descendants().count()", Options{}).Evaluate(context.Background(), b.Root, nil)
	if err != nil || c[0].String() != "40000" {
		t.Fatalf("uncanceled: %v %v", render(c), err)
	}
}

// A compiled expression is safe for concurrent use.
func TestConcurrentEvaluation(t *testing.T) {
	r := parseRes(t, fhir.R4, obsR4)
	e := MustCompile("Observation.value.unit & Observation.code.coding.code", Options{})
	done := make(chan string)
	for i := 0; i < 8; i++ {
		go func() {
			c, err := e.EvaluateResource(context.Background(), r, nil)
			if err != nil || len(c) != 1 {
				done <- "error"
				return
			}
			done <- c[0].String()
		}()
	}
	for i := 0; i < 8; i++ {
		if got := <-done; got != "mg29463-7" {
			t.Errorf("got %q", got)
		}
	}
}

// A result that is the context itself stays valid after later
// evaluations (evaluation states are recycled).
func TestResultOutlivesEvaluation(t *testing.T) {
	a := fhir.NewResource(fhir.R4, "Patient")
	b := fhir.NewResource(fhir.R4, "Observation")
	for _, src := range []string{"$this", "Patient", "%context", "%resource"} {
		e := MustCompile(src, Options{})
		got, err := e.Evaluate(context.Background(), a.Root, nil)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %v %v", src, render(got), err)
		}
		if _, err := MustCompile("$this", Options{}).Evaluate(context.Background(), b.Root, nil); err != nil {
			t.Fatal(err)
		}
		if got[0].Node() != a.Root {
			t.Errorf("%s: result changed to %v after another evaluation", src, got[0])
		}
	}
}

func TestVariablesFromConstructors(t *testing.T) {
	p := parseRes(t, fhir.R4, `{"resourceType":"Patient","name":[{"family":"Jansen"}],"active":true}`)
	env := &Env{Vars: map[string]Collection{
		"other": {NodeValue(p.Root, "")},
		"name":  {NodeValue(p.Root.Child("name"), "HumanName")},
		"n":     {IntegerValue(2)},
		"flag":  {BooleanValue(true)},
	}}
	obs := fhir.NewResource(fhir.R4, "Observation")
	runCases(t, obs, env, []evalCase{
		{"%other.name.family", "Jansen"},
		{"%name.is(HumanName) and %other.is(Patient)", "true"},
		{"%n + 1", "3"},
		{"%flag and %other.active", "true"},
	})
}
