package testscript

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// MaxScriptBytes bounds a TestScript file (the largest Nictiz script is
// about 300 kB).
const MaxScriptBytes = 16 << 20

// MaxFixtureBytes bounds one fixture file.
const MaxFixtureBytes = 16 << 20

// ruleExt is Touchstone's assert-rule extension.
const ruleExt = "http://touchstone.aegis.net/touchstone/fhir/testing/StructureDefinition/testscript-assert-rule"

// sutExt marks origin / destination as the system under test.
const sutExt = "http://fhir.interoplab.eu/fhir/StructureDefinition/Interoplab-CL-ext-SUT"

// Parse reads a TestScript (XML or JSON) of FHIR release v (Unknown
// detects it). Fixtures are not read; see [Load].
func Parse(data []byte, v fhir.Version) (*Script, error) {
	if len(data) > MaxScriptBytes {
		return nil, fmt.Errorf("testscript: script larger than %d bytes", MaxScriptBytes)
	}
	r, err := fhir.ParseOptions{Version: v}.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("testscript: %w", err)
	}
	if r.Type() != "TestScript" {
		return nil, fmt.Errorf("testscript: the resource is a %s, not a TestScript", r.Type())
	}
	n := r.Root
	if v == fhir.Unknown {
		// The Nictiz scripts say their release in TestScript.version
		// ("stu3-3.0-patchlevel ...", "r4-1.0.0-..."); a TestScript's own
		// elements hardly differ between releases, so detection guesses.
		lv := strings.ToLower(n.String("version"))
		switch {
		case strings.HasPrefix(lv, "stu3"):
			v = fhir.STU3
		case strings.HasPrefix(lv, "r4"):
			v = fhir.R4
		default:
			v = r.Version
		}
	}
	s := &Script{ID: r.ID(), Name: n.String("name"), Title: n.String("title"), Version: v, Profiles: map[string]string{}}
	for _, o := range n.ChildrenNamed("origin") {
		if sutFlag(o) {
			s.ClientUnderTest = true
		}
	}
	for _, f := range n.ChildrenNamed("fixture") {
		s.Fixtures = append(s.Fixtures, Fixture{
			ID:         f.ID,
			Reference:  f.String("resource.reference"),
			Autocreate: f.String("autocreate") == "true",
			Autodelete: f.String("autodelete") == "true",
		})
	}
	for _, p := range n.ChildrenNamed("profile") {
		u := p.Value // the Nictiz scripts write the canonical as the value
		if u == "" {
			u = p.String("reference")
		}
		if p.ID != "" {
			s.Profiles[p.ID] = u
		}
	}
	for _, vn := range n.ChildrenNamed("variable") {
		s.Variables = append(s.Variables, Variable{
			Name: vn.String("name"), DefaultValue: vn.String("defaultValue"), Expression: vn.String("expression"),
			HeaderField: vn.String("headerField"), Path: vn.String("path"), SourceID: vn.String("sourceId"), Hint: vn.String("hint"),
		})
	}
	if st := n.Child("setup"); st != nil {
		s.Setup = parseActions(st)
	}
	for _, t := range n.ChildrenNamed("test") {
		s.Tests = append(s.Tests, Test{ID: t.ID, Name: t.String("name"), Description: t.String("description"), Actions: parseActions(t)})
	}
	if td := n.Child("teardown"); td != nil {
		s.Teardown = parseActions(td)
	}
	return s, nil
}

func sutFlag(n *fhir.Node) bool {
	for _, e := range n.ChildrenNamed("extension") {
		if e.String("url") == sutExt && e.String("valueBoolean") == "true" {
			return true
		}
	}
	return false
}

func parseActions(n *fhir.Node) []Action {
	var out []Action
	for _, a := range n.ChildrenNamed("action") {
		if op := a.Child("operation"); op != nil {
			out = append(out, Action{Operation: parseOperation(op)})
		}
		if as := a.Child("assert"); as != nil {
			out = append(out, Action{Assert: parseAssert(as)})
		}
	}
	return out
}

func parseOperation(n *fhir.Node) *Operation {
	op := &Operation{
		TypeSystem: n.String("type.system"), Type: n.String("type.code"), Resource: n.String("resource"),
		Label: n.String("label"), Description: n.String("description"), Accept: n.String("accept"),
		ContentType: n.String("contentType"), Method: strings.ToUpper(n.String("method")), Params: n.String("params"),
		URL: n.String("url"), RequestID: n.String("requestId"), ResponseID: n.String("responseId"),
		SourceID: n.String("sourceId"), TargetID: n.String("targetId"),
		EncodeRequestURL: n.String("encodeRequestUrl") != "false",
	}
	op.Origin, _ = strconv.Atoi(n.String("origin"))
	op.Destination, _ = strconv.Atoi(n.String("destination"))
	for _, h := range n.ChildrenNamed("requestHeader") {
		op.RequestHeaders = append(op.RequestHeaders, Header{Field: h.String("field"), Value: h.String("value")})
	}
	return op
}

func parseAssert(n *fhir.Node) *Assert {
	a := &Assert{
		Label: n.String("label"), Description: n.String("description"), Direction: n.String("direction"),
		CompareToSourceID: n.String("compareToSourceId"), CompareToSourceExpression: n.String("compareToSourceExpression"),
		CompareToSourcePath: n.String("compareToSourcePath"), ContentType: n.String("contentType"),
		Expression: n.String("expression"), HeaderField: n.String("headerField"), MinimumID: n.String("minimumId"),
		Operator: n.String("operator"), Path: n.String("path"), RequestMethod: n.String("requestMethod"),
		RequestURL: n.String("requestURL"), Resource: n.String("resource"), Response: n.String("response"),
		ResponseCode: n.String("responseCode"), SourceID: n.String("sourceId"), ValidateProfileID: n.String("validateProfileId"),
		Value: n.String("value"), WarningOnly: n.String("warningOnly") == "true", StopTestOnFail: n.String("stopTestOnFail") == "true",
	}
	if nl := n.Child("navigationLinks"); nl != nil {
		b := nl.Value == "true"
		a.NavigationLinks = &b
	}
	for _, e := range n.ChildrenNamed("extension") {
		if e.String("url") != ruleExt {
			continue
		}
		for _, sub := range e.ChildrenNamed("extension") {
			if sub.String("url") == "ruleId" {
				a.Rule = sub.String("valueId")
				if a.Rule == "" {
					a.Rule = "?"
				}
			}
		}
		if a.Rule == "" {
			a.Rule = "?"
		}
	}
	return a
}

// Load reads the TestScript at path and its static fixtures (resolved
// relative to the script; a fixture that cannot be read keeps Err and the
// script still loads). The FHIR release is v, else the fhirVersion of a
// properties.json next to the script, else a STU3 or R4 directory in the
// path, else detected. root, when not empty, is a directory fixtures must
// stay inside.
func Load(path string, v fhir.Version, root string) (*Script, error) {
	data, err := readLimited(path, MaxScriptBytes)
	if err != nil {
		return nil, err
	}
	if v == fhir.Unknown {
		v = versionOf(path)
	}
	s, err := Parse(data, v)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s.File = path
	dir := filepath.Dir(path)
	for i := range s.Fixtures {
		f := &s.Fixtures[i]
		if f.Reference == "" {
			f.Err = errors.New("fixture has no resource reference")
			continue
		}
		if strings.Contains(f.Reference, "://") || strings.HasPrefix(f.Reference, "#") {
			f.Err = fmt.Errorf("fixture %q is not a file next to the script", f.Reference)
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Reference))
		if root != "" {
			if rel, err := filepath.Rel(root, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
				f.Err = fmt.Errorf("fixture %q lies outside %s", f.Reference, root)
				continue
			}
		}
		f.Body, f.Err = readLimited(p, MaxFixtureBytes)
	}
	return s, nil
}

func readLimited(path string, max int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	return os.ReadFile(path)
}

// versionOf guesses the FHIR release of a script from its surroundings.
func versionOf(path string) fhir.Version {
	if data, err := readLimited(filepath.Join(filepath.Dir(path), "properties.json"), 1<<20); err == nil {
		var p struct{ FhirVersion string }
		if json.Unmarshal(data, &p) == nil {
			if v := fhir.ParseVersion(p.FhirVersion); v != fhir.Unknown {
				return v
			}
		}
	}
	for _, seg := range strings.Split(filepath.ToSlash(path), "/") {
		if v := fhir.ParseVersion(seg); v != fhir.Unknown && (seg == "STU3" || seg == "R4") {
			return v
		}
	}
	return fhir.Unknown
}

// LoadDir loads every TestScript below dir (files ending in .xml or .json
// that are TestScripts; other FHIR resources and properties.json are
// skipped), sorted by path. Files that are not TestScripts are ignored;
// a TestScript that does not parse is an error.
func LoadDir(dir string, v fhir.Version, root string) ([]*Script, error) {
	var out []*Script
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != dir && (name == "_reference" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if ext := filepath.Ext(p); ext != ".xml" && ext != ".json" || d.Name() == "properties.json" {
			return nil
		}
		if !looksLikeTestScript(p) {
			return nil
		}
		s, err := Load(p, v, root)
		if err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

func looksLikeTestScript(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 512)
	n, _ := f.Read(buf)
	head := string(buf[:n])
	return strings.Contains(head, "<TestScript") || strings.Contains(head, `"TestScript"`)
}
