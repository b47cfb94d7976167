package dossier

import (
	"strconv"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/fhir"
)

// String limits of an import. FHIR itself caps a string at 1 MB; names and
// identifiers are shown in lists and on pages, and a test patient's name has
// no business being longer than a line, so they get a far lower cap.
// base64Binary (Attachment.data, Binary content) and narrative xhtml are
// bounded by the file limits only.
const (
	MaxStringChars = 1 << 20 // any primitive value or element id
	MaxNameChars   = 1000    // any value inside a name or an identifier
)

// checkStrings refuses a resource with a value longer than the limits,
// naming the path of the value (e.g. Patient.name[0].family).
func checkStrings(r *fhir.Resource) error {
	return checkNode(r.Root, r.Type(), false)
}

func checkNode(n *fhir.Node, path string, inName bool) error {
	if n.Kind.HasValue() && !unbounded(n.Name) {
		max := MaxStringChars
		if inName {
			max = MaxNameChars
		}
		if err := checkLen(path, n.Value, max); err != nil {
			return err
		}
	}
	if err := checkLen(path+".id", n.ID, min(MaxStringChars, 64<<10)); err != nil {
		return err
	}
	seen := map[string]int{}
	for _, c := range n.Children {
		p := path + "." + c.Name
		if c.Array {
			p += "[" + strconv.Itoa(seen[c.Name]) + "]"
			seen[c.Name]++
		}
		if c.IsResource() {
			p += "(" + c.Resource + ")"
		}
		if err := checkNode(c, p, (inName || c.Name == "name" || c.Name == "identifier") && !c.IsResource()); err != nil {
			return err
		}
	}
	return nil
}

// unbounded: base64Binary and xhtml elements, limited by the file size only.
func unbounded(name string) bool {
	return name == "data" || name == "content" || name == "div"
}

func checkLen(path, v string, max int) error {
	if len(v) <= max {
		return nil
	}
	if n := utf8.RuneCountInString(v); n > max {
		return reason("string_too_long", path, n, max)
	}
	return nil
}
