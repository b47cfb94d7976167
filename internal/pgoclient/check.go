// Package pgoclient is the reference PGO side of the sandbox: the checks a
// MedMij PGO applies to a DVA's answer, after the generic asserts of the
// Nictiz XIS-Server TestScripts (searchset, self link without BSN, total,
// fullUrls, meta.profile, Codings, CodeableConcepts, References,
// Identifiers, no BSN).
package pgoclient

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Problem is one failed check.
type Problem struct {
	Check   string // short name, e.g. "fullUrl"
	Message string
	Warning bool // the TestScripts assert it as warningOnly
}

func (p Problem) String() string {
	sev := "error"
	if p.Warning {
		sev = "warning"
	}
	return fmt.Sprintf("%s %s: %s", sev, p.Check, p.Message)
}

const (
	bsnSystem  = "http://fhir.nl/fhir/NamingSystem/bsn"
	zibVSOID   = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.2"
	absentExt  = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
	nullFlavor = "http://hl7.org/fhir/StructureDefinition/iso21090-nullFlavor"
)

var (
	oidRE  = regexp.MustCompile(`^urn:oid:[0-2](\.(0|[1-9]\d*))*$`)
	uuidRE = regexp.MustCompile(`^urn:uuid:[A-Fa-f\d]{8}-[A-Fa-f\d]{4}-[A-Fa-f\d]{4}-[A-Fa-f\d]{4}-[A-Fa-f\d]{12}$`)
)

// CheckSearchSet applies the checks to a search answer.
func CheckSearchSet(b *fhir.Resource) []Problem {
	var out []Problem
	add := func(check, format string, args ...any) {
		out = append(out, Problem{Check: check, Message: fmt.Sprintf(format, args...)})
	}
	if b == nil || b.Type() != "Bundle" {
		add("type", "the answer is not a Bundle")
		return out
	}
	if b.String("type") != "searchset" {
		add("type", "Bundle.type is %q, want searchset", b.String("type"))
	}
	self := ""
	for _, l := range b.Get("link") {
		if l.String("relation") == "self" {
			self = l.String("url")
		}
		if strings.Contains(l.String("url"), bsnSystem) {
			add("self", "a Bundle.link url contains a BSN system")
		}
	}
	if self == "" {
		add("self", "no self link")
	} else if u, err := url.Parse(self); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("self", "the self link %q is not an absolute http(s) URL", self)
	}
	matches := 0
	for i, e := range b.Entries() {
		if e.SearchMode == "" || e.SearchMode == "match" {
			matches++
		}
		if e.Resource == nil {
			add("entry", "entry %d has no resource", i)
			continue
		}
		id := e.Resource.ID()
		switch {
		case oidRE.MatchString(e.FullURL) || uuidRE.MatchString(e.FullURL):
		case strings.HasPrefix(e.FullURL, "http://") || strings.HasPrefix(e.FullURL, "https://"):
			if id != "" && !strings.HasSuffix(e.FullURL, id) {
				add("fullUrl", "entry %d: fullUrl %q does not end in the id %q", i, e.FullURL, id)
			}
		default:
			add("fullUrl", "entry %d: fullUrl %q is not absolute", i, e.FullURL)
		}
		if t := e.Resource.Type(); t != "OperationOutcome" && t != "Binary" && len(e.Resource.Profiles()) == 0 {
			add("profile", "%s/%s declares no meta.profile", t, id)
		}
		checkTree(e.Resource.Root, e.Resource.Type()+"/"+id, e.Resource.Version, e.Resource.Type(), &out)
	}
	if t := b.String("total"); t != "" {
		if n, err := strconv.Atoi(t); err != nil || n > matches {
			add("total", "Bundle.total %s exceeds the %d entries with search.mode match", t, matches)
		}
	}
	return out
}

// checkTree walks a resource, typing elements by the definitions.
func checkTree(n *fhir.Node, where string, v fhir.Version, typ string, out *[]Problem) {
	add := func(check, format string, args ...any) {
		*out = append(*out, Problem{Check: check, Message: where + ": " + fmt.Sprintf(format, args...)})
	}
	for _, c := range n.Children {
		if c.IsResource() {
			checkTree(c, where, v, c.Resource, out)
			continue
		}
		info, ok := fhir.LookupElement(v, typ, c.Name)
		if !ok {
			continue
		}
		switch info.Type {
		case "Coding":
			checkCoding(c, add)
		case "CodeableConcept": // its codings are checked on the way down
			if c.Child("text") == nil && c.Child("extension") == nil && len(c.Get("coding.display")) == 0 {
				add("CodeableConcept", "%s has no coding display, text or extension", c.Name)
			}
		case "Reference":
			if c.Child("display") == nil && !hasExt(c, absentExt) && !hasExt(c, nullFlavor) {
				add("Reference", "%s (%s) has no display", c.Name, c.String("reference"))
			}
		case "Identifier":
			if (c.Child("system") == nil && c.Child("type") == nil) || c.Child("value") == nil {
				add("Identifier", "%s needs system or type, and a value", c.Name)
			}
			if c.String("system") == bsnSystem {
				if val := c.Child("value"); val != nil && val.Kind.HasValue() && val.Value != "" && val.Child("extension") == nil {
					add("BSN", "a BSN is present")
				}
			}
		}
		if len(c.Children) > 0 && !c.Kind.IsPrimitive() {
			sub := info.Type
			if sub == "BackboneElement" || sub == "Element" || sub == "" {
				sub = typ + "." + strings.TrimSuffix(info.Name, "[x]")
			}
			checkTree(c, where, v, sub, out)
		}
	}
}

func checkCoding(c *fhir.Node, add func(string, string, ...any)) {
	if c.Child("system") == nil || c.Child("code") == nil {
		if !hasExt(c, nullFlavor) && !hasExt(c, absentExt) {
			add("Coding", "a Coding without system or code")
		}
	}
	if strings.HasPrefix(c.String("system"), zibVSOID) {
		add("Coding", "system %q is a zib ValueSet OID, not a code system", c.String("system"))
	}
}

func hasExt(n *fhir.Node, url string) bool {
	for _, e := range n.ChildrenNamed("extension") {
		if e.String("url") == url {
			return true
		}
	}
	return false
}
