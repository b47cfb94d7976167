package validate

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Checks that the StructureDefinitions cannot express, or express with a
// FHIRPath function that is evaluated natively here: Bundle rules, the
// narrative (txt-1, txt-2), extension urls and JSON array shape.

// maxPrimitive is FHIR's limit on the length of a string (and element
// ids): 1 MB.
const maxPrimitive = 1 << 20

var restfulURL = regexp.MustCompile(`^https?://\S+/([A-Z][A-Za-z]+)/([A-Za-z0-9\-.]{1,64})$`)

var absoluteURL = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*:\S+$`)

// bundleChecks checks the entries' fullUrl and the uniqueness of link
// relations of a Bundle.
func (w *walker) bundleChecks(n *fhir.Node, loc string) {
	for i, e := range n.ChildrenNamed("entry") {
		full := val(e, "fullUrl")
		eloc := fmt.Sprintf("%s.entry[%d]", loc, i)
		if full != "" && !absoluteURL.MatchString(full) {
			w.add(Error, "value", eloc, MsgFullURL, full)
			continue
		}
		// a RESTful fullUrl ends with the resource's type and id
		res := e.Child("resource")
		m := restfulURL.FindStringSubmatch(full)
		if res == nil || m == nil || !fhir.IsResourceType(w.version, m[1]) {
			continue
		}
		switch id := val(res, "id"); {
		case id == "":
			w.add(Error, "value", eloc, MsgFullURLNoID, full)
		case m[1] != res.Resource || m[2] != id:
			w.add(Error, "value", eloc, MsgFullURLMismatch, full, res.Resource+"/"+id)
		}
	}
	w.documentReachability(n, loc)
	seen := map[string]bool{}
	for i, l := range n.ChildrenNamed("link") {
		rel := val(l, "relation")
		if !singleRelations[rel] {
			continue
		}
		if seen[rel] {
			w.add(Error, "business-rule", fmt.Sprintf("%s.link[%d]", loc, i), MsgLinkTwice, rel)
		}
		seen[rel] = true
	}
}

// singleRelations are the link relations that name one page of a search
// set, so may occur once.
var singleRelations = map[string]bool{"self": true, "first": true, "previous": true, "prev": true, "next": true, "last": true}

// wrongEntry finds a Bundle entry whose resource has the id of a Type/id
// reference but another type, and returns that type.
func wrongEntry(bundle *fhir.Node, ref string) string {
	typ, id, ok := strings.Cut(ref, "/")
	if !ok || strings.Contains(id, "/") || id == "" {
		return ""
	}
	for _, e := range bundle.ChildrenNamed("entry") {
		res := e.Child("resource")
		if res == nil || res.Resource == typ {
			continue
		}
		full := val(e, "fullUrl")
		if val(res, "id") == id || strings.HasSuffix(full, ":"+id) || strings.HasSuffix(full, "/"+id) {
			return res.Resource
		}
	}
	return ""
}

// narrativeTags are the XHTML elements a FHIR narrative may use (the
// basic HTML formatting elements of HTML 4.0).
var narrativeTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`a abbr acronym address b big blockquote br caption cite code col colgroup
		dd del dfn div dl dt em h1 h2 h3 h4 h5 h6 hr i img ins kbd li ol p pre q s samp small span strike
		strong sub sup table tbody td tfoot th thead tr tt u ul var`) {
		narrativeTags[t] = true
	}
}

// narrative evaluates txt-1 (only basic HTML, no active content) and
// txt-2 (some non-whitespace content) on a Narrative.div.
func (w *walker) narrative(n *fhir.Node, key, human, loc string) {
	if !n.Kind.HasValue() {
		return
	}
	d := xml.NewDecoder(strings.NewReader(n.Value))
	d.Strict = true
	text := false
	var bad []Issue
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if key == "txt-1" {
				w.add(Error, "invariant", loc, MsgXHTMLSyntax, err)
			}
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "img" {
				text = true
			}
			if !narrativeTags[t.Name.Local] {
				bad = append(bad, Issue{Severity: Error, Code: "invariant", Msg: MsgXHTMLElement, Args: []any{t.Name.Local}, Location: loc})
			}
			for _, a := range t.Attr {
				name := strings.ToLower(a.Name.Local)
				if strings.HasPrefix(name, "on") || (name == "href" || name == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Value)), "javascript:") {
					bad = append(bad, Issue{Severity: Error, Code: "invariant", Msg: MsgXHTMLAttribute, Args: []any{a.Name.Local}, Location: loc})
				}
			}
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				text = true
			}
		}
	}
	switch key {
	case "txt-1":
		if len(bad) > 0 {
			w.add(Error, "invariant", loc, MsgInvariant, key, human)
			w.issues = append(w.issues, bad...)
		}
	case "txt-2":
		if !text {
			w.add(Error, "invariant", loc, MsgInvariant, key, human)
		}
	}
}

// extensionURL checks the url of an extension; false when there is none
// to go on with.
func (w *walker) extensionURL(n *fhir.Node, url, loc string) bool {
	if url == "" {
		w.add(Error, "structure", loc, MsgExtensionNoURL)
		// the core Extension definition still checks the rest (url 1..1)
		if d := w.v.load(coreSD + "Extension"); d.err == nil && len(d.elems) > 0 {
			w.element(n, d, idOf(d.elems[0]), loc)
		}
		return false
	}
	if !absoluteURL.MatchString(url) {
		w.add(Error, "value", loc, MsgExtensionURL, url)
		return false
	}
	return true
}

// jsonShape checks that c, read from JSON, is an array exactly when its
// element repeats (base max other than 1); reported once per name.
func (w *walker) jsonShape(c, e *fhir.Node, loc string, reported map[string]bool) {
	if !w.arrays || reported[c.Name] {
		return
	}
	max := e.String("base.max")
	if max == "" {
		max = val(e, "max")
	}
	switch {
	case c.Array && max == "1":
		reported[c.Name] = true
		w.add(Error, "structure", loc+"."+c.Name, MsgJSONNotArray, c.Name)
	case !c.Array && max != "1" && max != "0" && max != "":
		reported[c.Name] = true
		w.add(Error, "structure", loc+"."+c.Name, MsgJSONArray, c.Name)
	}
}

// isExampleURL reports urls on the domains reserved for examples (RFC
// 2606): example.org, example.com, example.net.
func isExampleURL(url string) bool {
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return false
	}
	host, _, _ := strings.Cut(rest, "/")
	for _, d := range []string{"example.org", "example.com", "example.net"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// attachmentSize checks that the size of an Attachment with inline data
// is the size of the decoded data.
func (w *walker) attachmentSize(n *fhir.Node, loc string) {
	data, size := val(n, "data"), val(n, "size")
	if data == "" || size == "" {
		return
	}
	want, err := strconv.Atoi(size)
	if err != nil {
		return
	}
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(data), ""))
	if err != nil {
		return // the base64Binary format check reports it
	}
	if len(raw) != want {
		w.add(Error, "value", loc, MsgAttachmentSize, want, len(raw))
	}
}

var indexRE = regexp.MustCompile(`\[[0-9]+\]`)

// extensionContext checks, for R4 extensions whose context names resource
// elements, that the extension at loc is used on one of them. Contexts
// that name a datatype, an extension or a FHIRPath expression are
// accepted (the datatype of the parent is not known here).
func (w *walker) extensionContext(url, loc string) {
	if w.version != fhir.R4 || w.res == nil {
		return
	}
	r := w.v.set.Lookup(url)
	if r == nil {
		return
	}
	contexts := r.Parsed().Root.ChildrenNamed("context")
	if len(contexts) == 0 {
		return
	}
	parent := loc
	if i := strings.LastIndexByte(parent, '.'); i >= 0 {
		parent = parent[:i]
	}
	path := w.res.Resource + indexRE.ReplaceAllString(strings.TrimPrefix(parent, w.resLoc), "")
	var allowed []string
	for _, c := range contexts {
		expr := val(c, "expression")
		if val(c, "type") != "element" || expr == "" {
			return
		}
		root, _, _ := strings.Cut(expr, ".")
		if strings.Contains(expr, "[x]") || !fhir.IsResourceType(fhir.R4, root) ||
			root == "Resource" || root == "DomainResource" {
			return // a datatype or base type: not checked here
		}
		if path == expr || collapse(path) == collapse(expr) {
			return
		}
		allowed = append(allowed, expr)
	}
	w.add(Error, "structure", loc, MsgExtensionContext, url, path, strings.Join(allowed, ", "))
}

// collapse folds repeated path segments (Questionnaire.item.item →
// Questionnaire.item): recursive elements take their context along.
func collapse(path string) string {
	parts := strings.Split(path, ".")
	out := parts[:1]
	for _, p := range parts[1:] {
		if p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

// isDocument reports a Bundle of type document or message, whose
// references must resolve inside the Bundle.
func isDocument(bundle *fhir.Node) bool {
	t := val(bundle, "type")
	return t == "document" || t == "message"
}

// entryBase returns the base (see baseOf) of the entry of bundle that
// holds res.
func entryBase(bundle, res *fhir.Node) string {
	for _, e := range bundle.ChildrenNamed("entry") {
		if e.Child("resource") == res {
			return baseOf(e)
		}
	}
	return ""
}

// resolveStrict resolves ref by the Bundle rules of the specification: an
// absolute reference matches a fullUrl; a relative one (Type/id) is
// resolved against the RESTful base of from, the fullUrl of the entry
// that holds the reference (there is none when from is a URN). It returns
// the indexes of the matching entries (several for versions of one
// resource).
func resolveStrict(bundle *fhir.Node, from, ref string) []int {
	if i := strings.Index(ref, "/_history/"); i >= 0 {
		ref = ref[:i]
	}
	want := ref
	if !absoluteURL.MatchString(ref) {
		m := restfulURL.FindStringSubmatch(from)
		if m == nil {
			return nil
		}
		want = from[:len(from)-len(m[1])-len(m[2])-1] + ref
	}
	var out []int
	for i, e := range bundle.ChildrenNamed("entry") {
		if val(e, "fullUrl") == want {
			out = append(out, i)
		}
	}
	return out
}

// baseOf returns the fullUrl of entry e to resolve its resource's relative
// references against: only when the resource's id is the one the fullUrl
// ends with (otherwise the fullUrl is not the resource's RESTful address).
func baseOf(e *fhir.Node) string {
	full := val(e, "fullUrl")
	m := restfulURL.FindStringSubmatch(full)
	if m == nil || val(e.Child("resource"), "id") != m[2] {
		return ""
	}
	return full
}

// documentReachability reports the entries of a document Bundle that
// cannot be reached from the Composition by following references.
func (w *walker) documentReachability(bundle *fhir.Node, loc string) {
	entries := bundle.ChildrenNamed("entry")
	if val(bundle, "type") != "document" || len(entries) == 0 || entries[0].Child("resource") == nil ||
		entries[0].Child("resource").Resource != "Composition" {
		return
	}
	seen := make([]bool, len(entries))
	seen[0] = true
	queue := []int{0}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		from := baseOf(entries[i])
		for _, ref := range referencesIn(entries[i].Child("resource"), nil) {
			for _, j := range resolveStrict(bundle, from, ref) {
				if !seen[j] {
					seen[j] = true
					queue = append(queue, j)
				}
			}
		}
	}
	for i, ok := range seen {
		if !ok {
			w.add(Error, "informational", fmt.Sprintf("%s.entry[%d]", loc, i), MsgNotReachable, val(entries[i], "fullUrl"))
		}
	}
}

// referencesIn collects the literal references under n.
func referencesIn(n *fhir.Node, out []string) []string {
	if n == nil {
		return out
	}
	for _, c := range n.Children {
		if c.Name == "reference" && c.Kind.HasValue() && !strings.HasPrefix(c.Value, "#") {
			out = append(out, c.Value)
			continue
		}
		if !c.Kind.HasValue() {
			out = referencesIn(c, out)
		}
	}
	return out
}
