package fhirpath

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// stringInput returns the single string input; ok false when empty.
func stringInput(in Collection, fn string) (string, bool, error) {
	v, ok, err := singleton(in)
	if err != nil || !ok {
		return "", false, err
	}
	if v.kind != KindString {
		return "", false, evalErrorf("%s() needs a string but got %s", fn, describeItem(v))
	}
	return v.s, true, nil
}

// stringFn registers a function of a single string input and string
// arguments; an empty argument gives an empty result.
func stringFn(name string, min, max int, f func(s string, args []string) (Collection, error)) {
	register(name, eager(min, max, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		s, ok, err := stringInput(in, name)
		if err != nil || !ok {
			return nil, err
		}
		args := make([]string, len(a))
		for i, c := range a {
			v, ok, err := singletonString(c)
			if err != nil || !ok {
				return nil, err
			}
			args[i] = v
		}
		return f(s, args)
	}))
}

var (
	regexCache     sync.Map
	regexCacheSize atomic.Int64
)

// maxCachedRegexes bounds the cache of compiled patterns (patterns may
// come from data).
const maxCachedRegexes = 1000

// compileRegex compiles a FHIRPath regular expression (single-line mode:
// '.' matches new lines) with a cache.
func compileRegex(p string) (*regexp.Regexp, error) {
	if r, ok := regexCache.Load(p); ok {
		return r.(*regexp.Regexp), nil
	}
	r, err := regexp.Compile("(?s)" + p)
	if err != nil {
		return nil, evalErrorf("invalid regular expression %q: %v", p, err)
	}
	if regexCacheSize.Add(1) <= maxCachedRegexes {
		regexCache.Store(p, r)
	}
	return r, nil
}

func init() {
	stringFn("startsWith", 1, 1, func(s string, a []string) (Collection, error) {
		return Collection{boolItem(strings.HasPrefix(s, a[0]))}, nil
	})
	stringFn("endsWith", 1, 1, func(s string, a []string) (Collection, error) {
		return Collection{boolItem(strings.HasSuffix(s, a[0]))}, nil
	})
	stringFn("contains", 1, 1, func(s string, a []string) (Collection, error) {
		return Collection{boolItem(strings.Contains(s, a[0]))}, nil
	})
	stringFn("upper", 0, 0, func(s string, _ []string) (Collection, error) {
		return Collection{stringItem(strings.ToUpper(s))}, nil
	})
	stringFn("lower", 0, 0, func(s string, _ []string) (Collection, error) {
		return Collection{stringItem(strings.ToLower(s))}, nil
	})
	stringFn("trim", 0, 0, func(s string, _ []string) (Collection, error) {
		return Collection{stringItem(strings.TrimSpace(s))}, nil
	})
	stringFn("length", 0, 0, func(s string, _ []string) (Collection, error) {
		return Collection{intItem(int64(utf8.RuneCountInString(s)))}, nil
	})
	stringFn("toChars", 0, 0, func(s string, _ []string) (Collection, error) {
		var out Collection
		for _, r := range s {
			out = append(out, stringItem(string(r)))
		}
		return out, nil
	})
	stringFn("indexOf", 1, 1, func(s string, a []string) (Collection, error) {
		i := strings.Index(s, a[0])
		if i > 0 {
			i = utf8.RuneCountInString(s[:i])
		}
		return Collection{intItem(int64(i))}, nil
	})
	stringFn("lastIndexOf", 1, 1, func(s string, a []string) (Collection, error) {
		i := strings.LastIndex(s, a[0])
		if i > 0 {
			i = utf8.RuneCountInString(s[:i])
		}
		return Collection{intItem(int64(i))}, nil
	})
	stringFn("replace", 2, 2, func(s string, a []string) (Collection, error) {
		n := strings.Count(s, a[0]) // for "" the number of gaps between characters
		if len(s)+n*(len(a[1])-len(a[0])) > MaxStringLength {
			return nil, evalErrorf("string longer than %d bytes", MaxStringLength)
		}
		if a[0] == "" {
			// insert the replacement between all characters
			var b strings.Builder
			b.WriteString(a[1])
			for _, r := range s {
				b.WriteRune(r)
				b.WriteString(a[1])
			}
			return Collection{stringItem(b.String())}, nil
		}
		return Collection{stringItem(strings.ReplaceAll(s, a[0], a[1]))}, nil
	})
	stringFn("matches", 1, 1, func(s string, a []string) (Collection, error) {
		r, err := compileRegex(a[0])
		if err != nil {
			return nil, err
		}
		return Collection{boolItem(r.MatchString(s))}, nil
	})
	stringFn("matchesFull", 1, 1, func(s string, a []string) (Collection, error) {
		r, err := compileRegex("^(?:" + a[0] + ")$")
		if err != nil {
			return nil, err
		}
		return Collection{boolItem(r.MatchString(s))}, nil
	})
	stringFn("replaceMatches", 2, 2, func(s string, a []string) (Collection, error) {
		if a[0] == "" {
			return Collection{stringItem(s)}, nil
		}
		r, err := compileRegex(a[0])
		if err != nil {
			return nil, err
		}
		if len(s)*(len(a[1])+1) > MaxStringLength && len(a[1]) > 0 {
			return nil, evalErrorf("replacement may exceed %d bytes", MaxStringLength)
		}
		return Collection{stringItem(r.ReplaceAllString(s, javaGroupRefs(a[1])))}, nil
	})
	stringFn("split", 1, 1, func(s string, a []string) (Collection, error) {
		var out Collection
		for _, p := range strings.Split(s, a[0]) {
			out = append(out, stringItem(p))
		}
		return out, nil
	})
	stringFn("encode", 1, 1, func(s string, a []string) (Collection, error) {
		switch a[0] {
		case "base64":
			return Collection{stringItem(base64.StdEncoding.EncodeToString([]byte(s)))}, nil
		case "urlbase64":
			return Collection{stringItem(base64.URLEncoding.EncodeToString([]byte(s)))}, nil
		case "hex":
			return Collection{stringItem(hex.EncodeToString([]byte(s)))}, nil
		}
		return nil, evalErrorf("unknown encoding '%s'", a[0])
	})
	stringFn("decode", 1, 1, func(s string, a []string) (Collection, error) {
		var b []byte
		var err error
		switch a[0] {
		case "base64":
			b, err = base64.StdEncoding.DecodeString(s)
		case "urlbase64":
			b, err = base64.URLEncoding.DecodeString(s)
		case "hex":
			b, err = hex.DecodeString(s)
		default:
			return nil, evalErrorf("unknown encoding '%s'", a[0])
		}
		if err != nil {
			return nil, nil
		}
		return Collection{stringItem(string(b))}, nil
	})
	stringFn("escape", 1, 1, func(s string, a []string) (Collection, error) {
		switch a[0] {
		case "html":
			return Collection{stringItem(htmlEscaper.Replace(s))}, nil
		case "json":
			b, _ := json.Marshal(s)
			out := string(b[1 : len(b)-1])
			out = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(out)
			return Collection{stringItem(out)}, nil
		}
		return nil, evalErrorf("unknown escape '%s'", a[0])
	})
	stringFn("unescape", 1, 1, func(s string, a []string) (Collection, error) {
		switch a[0] {
		case "html":
			return Collection{stringItem(html.UnescapeString(s))}, nil
		case "json":
			out, err := unescapeJSON(s)
			if err != nil {
				return nil, nil
			}
			return Collection{stringItem(out)}, nil
		}
		return nil, evalErrorf("unknown escape '%s'", a[0])
	})
	register("substring", eager(1, 2, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		s, ok, err := stringInput(in, "substring")
		if err != nil || !ok {
			return nil, err
		}
		start, ok, err := singletonInt(a[0])
		if err != nil || !ok {
			return nil, err
		}
		runes := []rune(s)
		if start < 0 || start >= int64(len(runes)) {
			return nil, nil
		}
		end := int64(len(runes))
		if len(a) == 2 {
			l, ok, err := singletonInt(a[1])
			if err != nil {
				return nil, err
			}
			if ok {
				end = min(end, start+max(l, 0))
			}
		}
		return Collection{stringItem(string(runes[start:end]))}, nil
	}))
	register("join", eager(0, 1, func(_ *evalCtx, in Collection, a []Collection) (Collection, error) {
		sep := ""
		if len(a) == 1 {
			s, _, err := singletonString(a[0])
			if err != nil {
				return nil, err
			}
			sep = s
		}
		parts := make([]string, 0, len(in))
		for _, it := range in {
			s, ok := toStringValue(it)
			if !ok {
				return nil, evalErrorf("join() needs strings")
			}
			parts = append(parts, s)
		}
		return Collection{stringItem(strings.Join(parts, sep))}, nil
	}))
}

// javaGroupRefs turns $1 group references into Go's ${1}.
func javaGroupRefs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			b.WriteString("${" + s[i+1:j] + "}")
			i = j - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

// unescapeJSON resolves the backslash escapes of a JSON string body.
func unescapeJSON(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'u':
			if i+4 >= len(s) {
				return "", evalErrorf("invalid \\u escape")
			}
			var out string
			if err := json.Unmarshal([]byte(`"\\u`+s[i+1:i+5]+`"`), &out); err != nil {
				return "", err
			}
			b.WriteString(out)
			i += 4
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String(), nil
}
