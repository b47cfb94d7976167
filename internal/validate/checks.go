package validate

import (
	"encoding/base64"
	"fmt"
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
// txt-2 (some non-whitespace content) on a Narrative.div. The div is
// scanned once (see scanXHTML) for both keys.
func (w *walker) narrative(n *fhir.Node, key, human, loc string) {
	if !n.Kind.HasValue() {
		return
	}
	sc := w.xhtmlScan(n)
	switch key {
	case "txt-1":
		if sc.err != "" {
			w.add(Error, "invariant", loc, MsgXHTMLSyntax, sc.err)
			return
		}
		if len(sc.badTags) > 0 || len(sc.badAttrs) > 0 {
			w.add(Error, "invariant", loc, MsgInvariant, key, human)
			for _, t := range sc.badTags {
				w.add(Error, "invariant", loc, MsgXHTMLElement, t)
			}
			for _, a := range sc.badAttrs {
				w.add(Error, "invariant", loc, MsgXHTMLAttribute, a)
			}
		}
	case "txt-2":
		if sc.err == "" && !sc.text {
			w.add(Error, "invariant", loc, MsgInvariant, key, human)
		}
	}
}

// xhtmlScan scans n's XHTML once per walk.
func (w *walker) xhtmlScan(n *fhir.Node) *xhtmlResult {
	if w.xhtml == nil {
		w.xhtml = map[*fhir.Node]*xhtmlResult{}
	}
	if r, ok := w.xhtml[n]; ok {
		return r
	}
	r := scanXHTML(n.Value)
	w.xhtml[n] = r
	return r
}

// xhtmlResult is what scanXHTML found.
type xhtmlResult struct {
	err      string   // not well-formed, or an undefined entity
	text     bool     // non-whitespace text or an image
	badTags  []string // elements outside narrativeTags
	badAttrs []string // event handlers and javascript: links
}

// scanXHTML is a small, allocation-light scanner of narrative XHTML: tags
// must nest, entities must be XML's five or character references.
func scanXHTML(s string) *xhtmlResult {
	r := &xhtmlResult{}
	var stack []string
	fail := func(format string, args ...any) *xhtmlResult {
		r.err = fmt.Sprintf(format, args...)
		return r
	}
	isName := func(c byte) bool {
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.'
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '<' && strings.HasPrefix(s[i:], "<!--"):
			j := strings.Index(s[i+4:], "-->")
			if j < 0 {
				return fail("unterminated comment")
			}
			i += 4 + j + 3
		case c == '<' && strings.HasPrefix(s[i:], "<![CDATA["):
			j := strings.Index(s[i+9:], "]]>")
			if j < 0 {
				return fail("unterminated CDATA section")
			}
			if strings.TrimSpace(s[i+9:i+9+j]) != "" {
				r.text = true
			}
			i += 9 + j + 3
		case c == '<' && strings.HasPrefix(s[i:], "<?"):
			j := strings.Index(s[i:], "?>")
			if j < 0 {
				return fail("unterminated processing instruction")
			}
			i += j + 2
		case c == '<' && strings.HasPrefix(s[i:], "</"):
			j := i + 2
			for j < len(s) && isName(s[j]) {
				j++
			}
			name := s[i+2 : j]
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
				j++
			}
			if j >= len(s) || s[j] != '>' {
				return fail("malformed end tag </%s", name)
			}
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return fail("end tag </%s> does not match", name)
			}
			stack = stack[:len(stack)-1]
			i = j + 1
		case c == '<':
			j := i + 1
			for j < len(s) && isName(s[j]) {
				j++
			}
			name := s[i+1 : j]
			if name == "" {
				return fail("'<' not followed by a name")
			}
			local := name
			if k := strings.LastIndexByte(local, ':'); k >= 0 {
				local = local[k+1:]
			}
			if local == "img" {
				r.text = true
			}
			if !narrativeTags[local] {
				r.badTags = append(r.badTags, local)
			}
			// attributes
			closed := false
			for {
				for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
					j++
				}
				if j >= len(s) {
					return fail("unterminated tag <%s", name)
				}
				if s[j] == '>' {
					j++
					break
				}
				if strings.HasPrefix(s[j:], "/>") {
					j += 2
					closed = true
					break
				}
				k := j
				for k < len(s) && isName(s[k]) {
					k++
				}
				attr := s[j:k]
				if attr == "" || k >= len(s) || s[k] != '=' || k+1 >= len(s) || (s[k+1] != '"' && s[k+1] != '\'') {
					return fail("malformed attribute in <%s>", name)
				}
				q := s[k+1]
				end := strings.IndexByte(s[k+2:], q)
				if end < 0 {
					return fail("unterminated attribute value in <%s>", name)
				}
				value := s[k+2 : k+2+end]
				lower := strings.ToLower(attr)
				if strings.HasPrefix(lower, "on") || (lower == "href" || lower == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(value)), "javascript:") {
					r.badAttrs = append(r.badAttrs, attr)
				}
				j = k + 2 + end + 1
			}
			if !closed {
				stack = append(stack, name)
			}
			i = j
		case c == '&':
			j := strings.IndexByte(s[i:], ';')
			if j < 0 {
				return fail("'&' without ';'")
			}
			ent := s[i+1 : i+j]
			switch {
			case ent == "amp" || ent == "lt" || ent == "gt" || ent == "quot" || ent == "apos":
			case strings.HasPrefix(ent, "#x") && len(ent) > 2 && strings.Trim(ent[2:], "0123456789abcdefABCDEF") == "":
			case strings.HasPrefix(ent, "#") && len(ent) > 1 && strings.Trim(ent[1:], "0123456789") == "":
			default:
				return fail("undefined entity &%s;", ent)
			}
			r.text = true
			i += j + 1
		default:
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				if len(stack) == 0 {
					return fail("text outside the div")
				}
				r.text = true
			}
			i++
		}
	}
	if len(stack) > 0 {
		return fail("element <%s> is not closed", stack[len(stack)-1])
	}
	return r
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
