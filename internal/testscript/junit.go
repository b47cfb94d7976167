package testscript

import (
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr,omitempty"`
	File      string      `xml:"file,attr,omitempty"`
	Cases     []junitCase `xml:"testcase"`
	Error     *junitText  `xml:"error,omitempty"`
}

type junitCase struct {
	Name      string     `xml:"name,attr"`
	Classname string     `xml:"classname,attr"`
	Failure   *junitText `xml:"failure,omitempty"`
	Skipped   *junitText `xml:"skipped,omitempty"`
	SystemOut string     `xml:"system-out,omitempty"`
}

type junitText struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes results as JUnit XML, one testsuite per script and one
// testcase per assert: a failed assert is a failure, an unsupported or
// skipped one is skipped (with the reason), a warning passes with the
// warning in system-out, and a script that could not run is an error.
// The exchange behind a failure (request line and response status) is in
// the failure text.
func WriteJUnit(w io.Writer, results []*ScriptResult) error {
	all := junitSuites{Name: "ketentest testscript"}
	var secs float64
	for _, r := range results {
		s := junitSuite{Name: suiteName(r), File: r.File, Time: seconds(r.Duration.Seconds())}
		if !r.Started.IsZero() {
			s.Timestamp = r.Started.UTC().Format("2006-01-02T15:04:05")
		}
		secs += r.Duration.Seconds()
		if r.Error != "" {
			s.Errors = 1
			s.Error = &junitText{Message: r.Error}
		}
		for _, op := range r.Operations {
			class := op.Phase
			if op.Test != "" {
				class += "." + op.Test
			}
			for i, a := range op.Asserts {
				name := a.Description
				if name == "" {
					name = a.Label
				}
				if name == "" {
					name = a.Kind
				}
				c := junitCase{Name: fmt.Sprintf("%s #%d: %s", op.Target, i+1, name), Classname: class}
				switch a.Status {
				case Fail:
					s.Failures++
					c.Failure = &junitText{Message: a.Message, Type: a.Kind, Text: exchangeLine(op.Exchange)}
				case Unsupported, Skipped:
					s.Skipped++
					c.Skipped = &junitText{Message: string(a.Status) + ": " + a.Message}
				case Warning:
					c.SystemOut = "warning: " + a.Message
				}
				s.Cases = append(s.Cases, c)
			}
		}
		s.Tests = len(s.Cases)
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
		all.Skipped += s.Skipped
		all.Suites = append(all.Suites, s)
	}
	all.Time = seconds(secs)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func suiteName(r *ScriptResult) string {
	switch {
	case r.File != "":
		return strings.TrimSuffix(filepath.Base(r.File), filepath.Ext(r.File))
	case r.Name != "":
		return r.Name
	}
	return r.ID
}

func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }

func exchangeLine(ex *Exchange) string {
	if ex == nil {
		return ""
	}
	line := ex.Method + " " + ex.URL
	if ex.Status != 0 {
		line += fmt.Sprintf(" → %d", ex.Status)
	}
	if ex.Error != "" {
		line += " (" + ex.Error + ")"
	}
	return line
}
