package comms

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
)

// Template is a message with merge fields written as {{naam}} (spaces
// inside the braces allowed) or, in the registration messages, as {name}.
type Template struct {
	Subject string
	Body    string
}

// Merge fills in the merge fields. A field that is not in fields is an
// error naming it, so a typo in a template never reaches a recipient.
// Merged values cannot add line breaks to the subject.
func (t Template) Merge(fields map[string]string) (subject, body string, err error) {
	subject, err = merge(t.Subject, fields)
	if err != nil {
		return "", "", err
	}
	subject = strings.Join(strings.Fields(subject), " ")
	body, err = merge(t.Body, fields)
	return subject, body, err
}

func merge(s string, fields map[string]string) (string, error) {
	var b strings.Builder
	var unknown []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			break
		}
		if strings.HasPrefix(s[i:], "{{") {
			j := strings.Index(s[i+2:], "}}")
			if j < 0 {
				return "", fmt.Errorf("merge field %q is not closed with }}", clip(s[i:]))
			}
			name := strings.TrimSpace(s[i+2 : i+2+j])
			v, ok := fields[name]
			if !ok {
				unknown = append(unknown, "{{"+name+"}}")
			}
			b.WriteString(s[:i])
			b.WriteString(v)
			s = s[i+2+j+2:]
			continue
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		name := s[i+1 : i+j]
		if !isFieldName(name) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		v, ok := fields[name]
		if !ok {
			unknown = append(unknown, name)
		}
		b.WriteString(s[:i])
		b.WriteString(v)
		s = s[i+j+1:]
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return "", fmt.Errorf("unknown merge field(s): %s", strings.Join(unknown, ", "))
	}
	return b.String(), nil
}

func isFieldName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 30 {
		s = s[:30]
	}
	return s
}

// Fields lists the merge fields a text refers to, in order of first use:
// {{naam}} as "naam" and {name} as "name".
func Fields(s string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return out
		}
		if strings.HasPrefix(s[i:], "{{") {
			j := strings.Index(s[i+2:], "}}")
			if j < 0 {
				return out
			}
			add(strings.TrimSpace(s[i+2 : i+2+j]))
			s = s[i+2+j+2:]
			continue
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return out
		}
		if name := s[i+1 : i+j]; isFieldName(name) {
			add(name)
			s = s[i+j+1:]
			continue
		}
		s = s[i+1:]
	}
}

// Validate checks that subject and body use only the known merge fields.
// The error names each part ("subject", "body") and in it every unknown
// or unclosed merge field, so the editor can point at it.
func (t Template) Validate(known []string) error {
	probe := make(map[string]string, len(known))
	for _, k := range known {
		probe[k] = ""
	}
	var inv apperr.Invalid
	for _, part := range []struct{ name, text string }{{"subject", t.Subject}, {"body", t.Body}} {
		if _, err := merge(part.text, probe); err != nil {
			inv.Add(part.name, err.Error()+"; known merge fields: {{"+strings.Join(known, "}}, {{")+"}}")
		}
	}
	return inv.Err()
}
