package config

import (
	"fmt"
	"io"
	"net/netip"
	"strings"
	"text/tabwriter"
)

// Masked is what a secret's value is shown as; its length says nothing.
const Masked = "********"

// Value is the setting's resolved value as text, masked when secret.
func (c *Config) Value(s Setting) string {
	var text string
	switch p := s.field(c).(type) {
	case *[]netip.Prefix:
		parts := make([]string, len(*p))
		for i, n := range *p {
			parts[i] = n.String()
		}
		text = strings.Join(parts, ",")
	default:
		text = fmt.Sprint(deref(p))
	}
	if !s.Secret || text == "" {
		return text
	}
	if s.mask != nil {
		return s.mask(text)
	}
	return Masked
}

func deref(p any) any {
	switch p := p.(type) {
	case *string:
		return *p
	case *bool:
		return *p
	case *int:
		return *p
	default:
		if d, ok := p.(interface{ String() string }); ok {
			return d.String()
		}
	}
	return p
}

// Source says where the setting's value came from (after Resolve).
func (c *Config) Source(s Setting) Source {
	if src, ok := c.sources[s.Env]; ok {
		return src
	}
	return FromDefault
}

// Print writes every setting with its value and source, secrets masked:
// what `ketentest config` shows.
func (c *Config) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SETTING\tFLAG\tVALUE\tSOURCE")
	for _, s := range Settings() {
		flag := "-"
		if s.Flag != "" {
			flag = "--" + s.Flag
		}
		v := c.Value(s)
		if v == "" {
			v = `""`
		}
		src := string(c.Source(s))
		if s.Secret {
			src += ", secret"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Env, flag, v, src)
	}
	return tw.Flush()
}
