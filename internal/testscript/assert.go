package testscript

import (
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirpath"
	"github.com/ketentest/ketentest/internal/validate"
)

// kind names what an assert checks, for reports.
func (a *Assert) kind() string {
	switch {
	case a.Rule != "":
		return "rule " + a.Rule
	case a.CompareToSourceID != "" && a.CompareToSourceExpression != "":
		return "compareToSourceExpression"
	case a.CompareToSourceID != "" && a.CompareToSourcePath != "":
		return "compareToSourcePath"
	case a.ValidateProfileID != "":
		return "validateProfileId"
	case a.MinimumID != "":
		return "minimumId"
	case a.NavigationLinks != nil:
		return "navigationLinks"
	case a.ResponseCode != "":
		return "responseCode"
	case a.Response != "":
		return "response"
	case a.ContentType != "":
		return "contentType"
	case a.Resource != "":
		return "resource"
	case a.HeaderField != "":
		return "headerField"
	case a.RequestURL != "":
		return "requestURL"
	case a.RequestMethod != "":
		return "requestMethod"
	case a.Expression != "":
		return "expression"
	case a.Path != "":
		return "path"
	}
	return "unknown"
}

// responseCodes maps the codes of the assert "response" element.
var responseCodes = map[string]int{
	"okay": 200, "created": 201, "noContent": 204, "notModified": 304, "bad": 400, "forbidden": 403,
	"notFound": 404, "methodNotAllowed": 405, "conflict": 409, "gone": 410, "preconditionFailed": 412, "unprocessable": 422,
}

func unsupported(format string, args ...any) (Status, string) {
	return Unsupported, fmt.Sprintf(format, args...)
}

func failf(format string, args ...any) (Status, string) { return Fail, fmt.Sprintf(format, args...) }

// judge evaluates one assert.
func (r *run) judge(a *Assert) (Status, string) {
	src := r.last
	if a.SourceID != "" {
		src = r.sources[a.SourceID]
		if src == nil {
			return failf("source %q is not a fixture, response or request of this script", a.SourceID)
		}
	}
	if src == nil {
		return failf("no operation before this assert")
	}
	if src.ex != nil && src.ex.Error != "" && src.ex.Status == 0 {
		return failf("no response: %s", src.ex.Error)
	}
	if !validOperator(a.Operator) {
		return unsupported("operator %q is not supported", a.Operator)
	}
	request := a.Direction == "request"
	switch k := a.kind(); k {
	case "rule " + a.Rule:
		return r.rule(a, src)
	case "compareToSourceExpression", "compareToSourcePath":
		return r.compareToSource(a, src)
	case "validateProfileId":
		return r.validateProfile(a, src)
	case "minimumId":
		return r.minimum(a, src)
	case "navigationLinks":
		return r.navigation(a, src)
	case "responseCode":
		if src.ex == nil || src.ex.Status == 0 {
			return failf("no response status")
		}
		return compareValues(a.Operator, []string{strconv.Itoa(src.ex.Status)}, r.expand(a.ResponseCode), "response code")
	case "response":
		want, ok := responseCodes[a.Response]
		if !ok {
			return unsupported("response code name %q is unknown", a.Response)
		}
		if src.ex == nil || src.ex.Status == 0 {
			return failf("no response status")
		}
		return compareValues(a.Operator, []string{strconv.Itoa(src.ex.Status)}, strconv.Itoa(want), "response code")
	case "contentType":
		h := r.headers(src, request)
		got := h.Get("Content-Type")
		want := mime(a.ContentType, r.s.Version)
		op := a.Operator
		if op == "" || op == "equals" {
			if got == "" {
				return failf("no Content-Type header")
			}
			if mediaType(got) == mediaType(want) || strings.Contains(got, want) {
				return Pass, "Content-Type " + got
			}
			return failf("Content-Type is %q, expected %q", got, want)
		}
		return compareValues(op, []string{mediaType(got)}, want, "Content-Type")
	case "resource":
		res := r.target(src, request)
		if res == nil {
			return failf("no FHIR resource in the %s%s", direction(request), parseErr(src))
		}
		return compareValues(a.Operator, []string{res.Type()}, a.Resource, "resource type")
	case "headerField":
		if r.client && request && strings.EqualFold(a.HeaderField, "Authorization") {
			// The sandbox issued its own token and keeps it masked: what the
			// assert asks (the patient's token was sent) is that the DVA
			// accepted the request's bearer token.
			if src.authenticated {
				return Pass, "the request carried a bearer token the sandbox accepted (its value is the sandbox's own, not compared)"
			}
			return failf("the request carried no bearer token the sandbox accepted")
		}
		h := r.headers(src, request)
		vals := h.Values(a.HeaderField)
		if a.Operator == "" && a.Value == "" {
			a = &Assert{Operator: "notEmpty"}
		}
		return compareValues(a.Operator, vals, r.expand(a.Value), "header "+a.HeaderField)
	case "requestURL":
		op := a.Operator
		if op == "" {
			op = "equals"
		}
		got := requestURLOf(src)
		want := r.expand(a.RequestURL)
		if op == "equals" || op == "notEquals" {
			eq := sameRequestURL(got, want)
			if eq == (op == "equals") {
				return Pass, "request URL " + got
			}
			return failf("request URL %q, expected %s %q", got, op, want)
		}
		return compareValues(op, []string{got}, want, "request URL")
	case "requestMethod":
		if src.ex == nil {
			return failf("no request")
		}
		return compareValues(a.Operator, []string{src.ex.Method}, strings.ToUpper(a.RequestMethod), "request method")
	case "expression":
		res := r.target(src, request)
		if res == nil {
			return failf("no FHIR resource in the %s to evaluate %q on%s", direction(request), a.Expression, parseErr(src))
		}
		out, err := r.eval(r.expand(a.Expression), res)
		if err != nil {
			return exprError(a.Expression, err)
		}
		return judgeCollection(a, out, r.expand(a.Value), a.Expression)
	case "path":
		res := r.target(src, request)
		if res == nil {
			return failf("no FHIR resource in the %s%s", direction(request), parseErr(src))
		}
		vals, ok := pathValues(res, r.expand(a.Path))
		if !ok {
			return unsupported("path %q is beyond the XPath/JSON path subset the engine evaluates", a.Path)
		}
		if a.Operator == "" && a.Value == "" {
			if len(vals) == 0 {
				return failf("path %q finds nothing", a.Path)
			}
			return Pass, fmt.Sprintf("path %q: %s", a.Path, strings.Join(vals, ", "))
		}
		return compareValues(a.Operator, vals, r.expand(a.Value), "path "+a.Path)
	}
	return unsupported("the assert checks nothing the engine knows")
}

// exprError judges an expression that could not be evaluated: a script
// error (a syntax error, or a type name FHIRPath does not know, such as
// is(coding) in the Nictiz scripts, which Touchstone's engine tolerates)
// makes the assert unsupported; an evaluation error on the data (e.g.
// several items where one is expected) fails it.
func exprError(expr string, err error) (Status, string) {
	var se *fhirpath.SyntaxError
	var ee *fhirpath.EvalError
	switch {
	case errors.As(err, &se):
		return unsupported("the script's expression %q does not compile: %v", expr, err)
	case errors.As(err, &ee) && strings.HasPrefix(ee.Msg, "unknown type"):
		return unsupported("the script's expression %q names a type FHIRPath does not know (%v)", expr, err)
	}
	return failf("expression %q: %v", expr, err)
}

func direction(request bool) string {
	if request {
		return "request"
	}
	return "response"
}

func parseErr(src *source) string {
	if src.respErr != nil {
		return ": " + src.respErr.Error()
	}
	return ""
}

func mediaType(s string) string {
	m, _, _ := strings.Cut(s, ";")
	return strings.ToLower(strings.TrimSpace(m))
}

// target is the resource of the request or the response of src.
func (r *run) target(src *source, request bool) *fhir.Resource {
	if request {
		if src.req == nil && len(src.fullReqBody) > 0 {
			src.req, _ = fhir.Parse(src.fullReqBody)
		}
		return src.req
	}
	return r.resource(src)
}

func (r *run) headers(src *source, request bool) headerGetter {
	if src.ex == nil {
		return headerGetter{}
	}
	if request {
		if src.reqHeaders != nil {
			return headerGetter{src.reqHeaders}
		}
		return headerGetter{src.ex.RequestHeaders}
	}
	return headerGetter{src.ex.ResponseHeaders}
}

type headerGetter struct{ h map[string][]string }

func (g headerGetter) Get(k string) string {
	if v := g.Values(k); len(v) > 0 {
		return v[0]
	}
	return ""
}

func (g headerGetter) Values(k string) []string {
	for name, v := range g.h {
		if strings.EqualFold(name, k) {
			return v
		}
	}
	return nil
}

// requestURLOf is the request's path and query below the base.
func requestURLOf(src *source) string {
	if src.reqURL != "" {
		return src.reqURL
	}
	if src.ex != nil {
		return src.ex.URL
	}
	return ""
}

// sameRequestURL compares two request URLs: path equal, the same query
// parameters in any order, decoded.
func sameRequestURL(got, want string) bool {
	gp, gq, _ := strings.Cut(got, "?")
	wp, wq, _ := strings.Cut(want, "?")
	if !strings.HasSuffix("/"+strings.Trim(gp, "/"), "/"+strings.Trim(wp, "/")) {
		return false
	}
	return sameQuery(gq, wq)
}

func sameQuery(a, b string) bool {
	pa, pb := queryPairs(a), queryPairs(b)
	slices.Sort(pa)
	slices.Sort(pb)
	return slices.Equal(pa, pb)
}

func queryPairs(q string) []string {
	var out []string
	for _, p := range strings.Split(q, "&") {
		if p != "" {
			out = append(out, unescapeLoose(p))
		}
	}
	return out
}

func validOperator(op string) bool {
	switch op {
	case "", "equals", "notEquals", "in", "notIn", "greaterThan", "lessThan", "empty", "notEmpty", "contains", "notContains":
		return true
	}
	return false // "eval" and unknown operators
}

// judgeCollection judges an expression's result: with a value or an
// operator, its items compare with the value; without, it must be true.
func judgeCollection(a *Assert, out fhirpath.Collection, value, expr string) (Status, string) {
	if a.Operator == "" && a.Value == "" {
		if len(out) == 0 {
			return failf("%q is empty", expr)
		}
		for _, it := range out {
			b, ok := it.Bool()
			if !ok {
				return failf("%q gives %s, not a Boolean", expr, it)
			}
			if !b {
				return failf("%q is false", expr)
			}
		}
		return Pass, fmt.Sprintf("%q is true", expr)
	}
	vals := make([]string, len(out))
	for i, it := range out {
		vals[i] = it.String()
	}
	return compareValues(a.Operator, vals, value, expr)
}

// compareValues applies a TestScript operator to values found (got) and
// the assert's value.
func compareValues(op string, got []string, want, what string) (Status, string) {
	show := strings.Join(got, ", ")
	if len(got) == 0 {
		show = "nothing"
	}
	ok := false
	switch op {
	case "", "equals":
		ok = len(got) > 0 && got[0] == want
		if len(got) > 1 {
			ok = slices.Contains(got, want)
		}
	case "notEquals":
		ok = !slices.Contains(got, want)
	case "in":
		list := splitList(want)
		ok = len(got) > 0
		for _, g := range got {
			ok = ok && slices.Contains(list, g)
		}
	case "notIn":
		list := splitList(want)
		ok = true
		for _, g := range got {
			ok = ok && !slices.Contains(list, g)
		}
	case "greaterThan", "lessThan":
		if len(got) == 0 {
			return failf("%s: nothing to compare with %q", what, want)
		}
		c, cmpOK := compareOrdered(got[0], want)
		if !cmpOK {
			return failf("%s: %q and %q cannot be ordered", what, got[0], want)
		}
		ok = c > 0 == (op == "greaterThan") && c != 0
	case "empty":
		ok = len(got) == 0
	case "notEmpty":
		ok = len(got) > 0
	case "contains":
		for _, g := range got {
			ok = ok || strings.Contains(g, want)
		}
	case "notContains":
		ok = true
		for _, g := range got {
			ok = ok && !strings.Contains(g, want)
		}
	default:
		return unsupported("operator %q is not supported", op)
	}
	if op == "" {
		op = "equals"
	}
	if ok {
		return Pass, fmt.Sprintf("%s: %s (%s %q)", what, show, op, want)
	}
	return failf("%s is %s; expected %s %q", what, show, op, want)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

// compareOrdered compares as numbers when both are, else as strings (dates
// in FHIR form order as strings).
func compareOrdered(a, b string) (int, bool) {
	x, ok1 := new(big.Rat).SetString(strings.TrimSpace(a))
	y, ok2 := new(big.Rat).SetString(strings.TrimSpace(b))
	if ok1 && ok2 {
		return x.Cmp(y), true
	}
	if a == "" || b == "" {
		return 0, false
	}
	return strings.Compare(a, b), true
}

// values is what expr (FHIRPath) or, without one, path gives on res, as
// strings; a status is returned only when it cannot be evaluated (label
// names the path attribute in that message).
func (r *run) values(res *fhir.Resource, expr, path, label string) ([]string, Status, string) {
	if expr != "" {
		out, err := r.eval(r.expand(expr), res)
		if err != nil {
			st, msg := exprError(expr, err)
			return nil, st, msg
		}
		vals := make([]string, 0, len(out))
		for _, it := range out {
			vals = append(vals, it.String())
		}
		return vals, "", ""
	}
	vals, ok := pathValues(res, path)
	if !ok {
		st, msg := unsupported("%s %q is beyond the path subset the engine evaluates", label, path)
		return nil, st, msg
	}
	return vals, "", ""
}

// compareToSource compares the assert's expression (or path) on the
// source with compareToSourceExpression (or Path) on compareToSourceId.
func (r *run) compareToSource(a *Assert, src *source) (Status, string) {
	other := r.sources[a.CompareToSourceID]
	if other == nil {
		return failf("compareToSourceId %q is not a fixture, response or request of this script", a.CompareToSourceID)
	}
	ores := r.resource(other)
	if ores == nil {
		return failf("compareToSourceId %q holds no FHIR resource%s", a.CompareToSourceID, parseErr(other))
	}
	want, st, msg := r.values(ores, a.CompareToSourceExpression, a.CompareToSourcePath, "compareToSourcePath")
	if st != "" {
		return st, msg
	}
	if a.Expression == "" && a.Path == "" {
		// Only the comparison source: its expression must hold (or match the value).
		if a.Value != "" || a.Operator != "" {
			return compareValues(a.Operator, want, r.expand(a.Value), "compareToSource")
		}
		if len(want) == 0 {
			return failf("compareToSource expression finds nothing")
		}
		return Pass, "compareToSource: " + strings.Join(want, ", ")
	}
	res := r.resource(src)
	if res == nil {
		return failf("no FHIR resource in the response%s", parseErr(src))
	}
	got, st, msg := r.values(res, a.Expression, a.Path, "path")
	if st != "" {
		return st, msg
	}
	op := a.Operator
	switch op {
	case "", "equals":
		if slices.Equal(got, want) {
			return Pass, "equal: " + strings.Join(got, ", ")
		}
		return failf("%s differs from the comparison source's %s", strings.Join(got, ", "), strings.Join(want, ", "))
	case "notEquals":
		if !slices.Equal(got, want) {
			return Pass, "different, as expected"
		}
		return failf("equal to the comparison source: %s", strings.Join(got, ", "))
	}
	if len(want) == 0 {
		return failf("the comparison source gives nothing to compare with")
	}
	return compareValues(op, got, want[0], "value")
}

// validateProfile validates the response against a profile of the script.
func (r *run) validateProfile(a *Assert, src *source) (Status, string) {
	u, ok := r.s.Profiles[a.ValidateProfileID]
	if !ok {
		return failf("validateProfileId %q is not a profile of this script", a.ValidateProfileID)
	}
	if r.validator == nil {
		return unsupported("no validator configured for profile %s", u)
	}
	res := r.resource(src)
	if res == nil {
		return failf("no FHIR resource to validate%s", parseErr(src))
	}
	issues := r.validator.Validate(r.ctx, res, u)
	var errs []string
	for _, is := range issues {
		if is.Severity >= validate.Error {
			errs = append(errs, is.Location+": "+is.Message("en"))
		}
	}
	if len(errs) == 0 {
		return Pass, fmt.Sprintf("valid against %s (%d issues below error)", u, len(issues))
	}
	more := ""
	if len(errs) > 5 {
		more = fmt.Sprintf(" (and %d more)", len(errs)-5)
		errs = errs[:5]
	}
	return failf("not valid against %s: %s%s", u, strings.Join(errs, "; "), more)
}

// minimum checks that every element of the minimumId fixture occurs in the
// response.
func (r *run) minimum(a *Assert, src *source) (Status, string) {
	fx := r.sources[a.MinimumID]
	if fx == nil {
		return failf("minimumId %q is not a fixture of this script", a.MinimumID)
	}
	want := r.resource(fx)
	if want == nil {
		return failf("minimumId %q holds no FHIR resource%s", a.MinimumID, parseErr(fx))
	}
	got := r.resource(src)
	if got == nil {
		return failf("no FHIR resource in the response%s", parseErr(src))
	}
	if path, ok := contains(got.Root, want.Root, want.Type()); !ok {
		return failf("the response lacks %s of fixture %s", path, a.MinimumID)
	}
	return Pass, "the response holds every element of fixture " + a.MinimumID
}

// contains reports whether every child of want has a matching child in
// got; the path of the first missing element otherwise.
func contains(got, want *fhir.Node, path string) (string, bool) {
	if want.Kind.HasValue() && got.Value != want.Value {
		return path, false
	}
	if got.Resource != want.Resource {
		return path, false
	}
	for _, w := range want.Children {
		found := false
		for _, g := range got.Children {
			if g.Name == w.Name {
				if _, ok := contains(g, w, path+"."+w.Name); ok {
					found = true
					break
				}
			}
		}
		if !found {
			if w.Kind.HasValue() && w.Kind != fhir.KindXHTML || len(w.Children) == 0 {
				return path + "." + w.Name, false
			}
			// Report the deepest element that is missing.
			best := path + "." + w.Name
			for _, g := range got.Children {
				if g.Name == w.Name {
					if p, _ := contains(g, w, path+"."+w.Name); len(p) > len(best) {
						best = p
					}
				}
			}
			return best, false
		}
	}
	return path, true
}

// navigation checks the paging links of a Bundle.
func (r *run) navigation(a *Assert, src *source) (Status, string) {
	res := r.resource(src)
	if res == nil || res.Type() != "Bundle" {
		return failf("the response is not a Bundle")
	}
	rel := map[string]bool{}
	for _, l := range res.Root.ChildrenNamed("link") {
		rel[l.String("relation")] = true
	}
	has := rel["first"] && rel["last"]
	if *a.NavigationLinks == has {
		return Pass, fmt.Sprintf("first and last links present: %v", has)
	}
	return failf("first and last links present: %v, expected %v", has, *a.NavigationLinks)
}

// rule evaluates the Touchstone assert rules the engine knows.
func (r *run) rule(a *Assert, src *source) (Status, string) {
	switch a.Rule {
	case "assert-response-queryParamsInSelfLink":
		res := r.resource(src)
		if res == nil {
			return failf("no FHIR resource in the response%s", parseErr(src))
		}
		return queryParamsInSelfLink(requestURLOf(src), res)
	}
	return unsupported("Touchstone rule %q is not built into the engine", a.Rule)
}

var refPattern = func() func(string) (typ, id string, ok bool) {
	return func(v string) (string, string, bool) {
		typ, id, hasSlash := strings.Cut(v, "/")
		if !hasSlash {
			typ, id = "", v
		} else if typ == "" || typ[0] < 'A' || typ[0] > 'Z' {
			return "", "", false
		}
		if len(id) == 0 || len(id) > 64 {
			return "", "", false
		}
		for _, c := range id {
			if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
				return "", "", false
			}
		}
		return typ, id, true
	}
}()

// queryParamsInSelfLink is the Nictiz rule
// assert_response_queryParamsInSelfLink.groovy: every parameter of the
// request appears in the Bundle's self link, verbatim or as the same
// reference with or without its resource type.
func queryParamsInSelfLink(reqURL string, b *fhir.Resource) (Status, string) {
	_, q, ok := strings.Cut(reqURL, "?")
	if !ok || q == "" {
		return Pass, "the request has no parameters"
	}
	self := ""
	for _, l := range b.Root.ChildrenNamed("link") {
		if l.String("relation") == "self" {
			self = l.String("url")
		}
	}
	if dec, err := url.QueryUnescape(self); err == nil {
		self = dec
	}
	q = unescapeLoose(q)
	for _, full := range strings.Split(q, "&") {
		if full == "" || strings.Contains(self, full) {
			continue
		}
		name, val, _ := strings.Cut(full, "=")
		typ, id, isRef := refPattern(val)
		msg := "the requested parameter " + full + " was absent from the self link"
		if !isRef {
			return failf("%s", msg)
		}
		if typ == "" {
			found := false
			for rest := self; ; {
				i := strings.Index(rest, name+"=")
				if i < 0 {
					break
				}
				v := rest[i+len(name)+1:]
				if t, after, ok := strings.Cut(v, "/"); ok && t != "" && t[0] >= 'A' && t[0] <= 'Z' && strings.HasPrefix(after, id) {
					found = true
					break
				}
				rest = rest[i+1:]
			}
			if !found {
				return failf("%s", msg)
			}
		} else if !strings.Contains(self, name+"="+id) {
			return failf("%s", msg)
		}
	}
	return Pass, "every request parameter is in the self link"
}
