package comms

import (
	"fmt"
	"sort"
	"strings"
)

// Template is a message with merge fields written as {name}.
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
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			break
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
