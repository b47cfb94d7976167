package web

import (
	"net/url"
	"strings"
	"unicode"
)

// safeNext is the one check of a user-supplied redirect target ("next" on
// /login and /language): it returns the target normalised when it is a path
// on this site, and "/" otherwise. Browsers drop tabs and line breaks from
// URLs and read "\" as "/", so "/<TAB>/evil.example" or "/\evil.example"
// would become "//evil.example", another site: any control character or
// backslash is refused before the target is parsed, and the parsed target
// must have no scheme, host or user and a path starting with exactly one "/".
func safeNext(next string) string {
	if next == "" || len(next) > 2048 {
		return "/"
	}
	for _, c := range next {
		if unicode.IsControl(c) || c == '\\' || c == unicode.ReplacementChar {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	p := u.EscapedPath()
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return "/"
	}
	out := u.String()
	if !strings.HasPrefix(out, "/") || strings.HasPrefix(out, "//") {
		return "/"
	}
	return out
}
