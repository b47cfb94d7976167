package testscript

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
)

// plantedFaults change a copy of the BgZ Test dossier; each must be caught
// by the XIS-Server alert script (Flag), at the assert that describes it.
var plantedFaults = []struct {
	name   string
	assert string // part of the description of the assert that must fail
	plant  func(flag *fhir.Node)
}{
	{"missing meta.profile", "contain a meta.profile tag", func(n *fhir.Node) {
		meta := n.Child("meta")
		meta.Children = dropNamed(meta.Children, "profile")
	}},
	{"Coding without system", "all Coding elements contain both a .system and a .code", func(n *fhir.Node) {
		c := n.First("code.coding")
		c.Children = dropNamed(c.Children, "system")
	}},
	{"Reference without display", "all References have a display value", func(n *fhir.Node) {
		s := n.Child("subject")
		s.Children = dropNamed(s.Children, "display")
	}},
	{"BSN present", "does not use Burgerservicenummer (BSN) anywhere", func(n *fhir.Node) {
		id := fhir.NewElement("identifier", fhir.NewString("system", "http://fhir.nl/fhir/NamingSystem/bsn"), fhir.NewString("value", "999911120"))
		id.Array = true
		// identifier comes right after meta/text in a Flag.
		n.Children = append([]*fhir.Node{n.Children[0], id}, n.Children[1:]...)
	}},
}

func dropNamed(ns []*fhir.Node, name string) []*fhir.Node {
	var out []*fhir.Node
	for _, n := range ns {
		if n.Name != name {
			out = append(out, n)
		}
	}
	return out
}

func TestPlantedFaultsAreCaught(t *testing.T) {
	needShared(t)
	set := qualificationSet{"STU3/BgZ-3-0/Test", "48"}
	var scripts []*Script
	for _, s := range xisScripts(t, set) {
		if strings.Contains(filepath.Base(s.File), "-1-09-alert-") { // patient A has the Flag
			scripts = append(scripts, s)
		}
	}
	if len(scripts) == 0 {
		t.Fatalf("%d alert scripts", len(scripts))
	}
	now := time.Now()
	// Unchanged, the asserts pass: a fault that is caught is the fault's doing.
	clean := startRefDVA(t, set, now, nil)
	for _, s := range scripts {
		for _, f := range plantedFaults {
			if st := assertStatus(t, Run(t.Context(), s, clean.options()), f.assert); st != Pass {
				t.Errorf("%s, clean dossier: %q is %s", filepath.Base(s.File), f.assert, st)
			}
		}
	}
	for _, f := range plantedFaults {
		t.Run(f.name, func(t *testing.T) {
			planted := 0
			ref := startRefDVA(t, set, now, func(rs []*fhir.Resource) {
				for _, r := range rs {
					if r.Type() == "Flag" {
						f.plant(r.Root)
						planted++
					}
				}
			})
			if planted == 0 {
				t.Fatal("no Flag in the dossier")
			}
			for _, s := range scripts {
				res := Run(t.Context(), s, ref.options())
				if st := assertStatus(t, res, f.assert); st != Fail {
					t.Errorf("%s: %q is %s, want fail", filepath.Base(s.File), f.assert, st)
				}
			}
		})
	}
}

// assertStatus finds the one assert whose description contains part.
func assertStatus(t *testing.T, res *ScriptResult, part string) Status {
	t.Helper()
	var found []AssertResult
	for _, op := range res.Operations {
		for _, a := range op.Asserts {
			if strings.Contains(a.Description, part) {
				found = append(found, a)
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d asserts match %q", len(found), part)
	}
	return found[0].Status
}
