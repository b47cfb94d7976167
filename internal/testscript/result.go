package testscript

import (
	"net/http"
	"time"
)

// Status is the outcome of one assert.
type Status string

// The outcomes. Skipped marks asserts not evaluated because an earlier
// assert with stopTestOnFail failed, or setup failed.
const (
	Pass        Status = "pass"
	Fail        Status = "fail"
	Warning     Status = "warning"
	Unsupported Status = "unsupported"
	Skipped     Status = "skipped"
)

// MaxKeptBody is how much of each request and response body a result keeps.
const MaxKeptBody = 64 << 10

// Exchange is one HTTP request and its response (or the error instead).
type Exchange struct {
	Method          string
	URL             string
	RequestHeaders  http.Header
	RequestBody     string
	Status          int
	ResponseHeaders http.Header
	ResponseBody    string
	Truncated       bool // a body was cut at MaxKeptBody
	Duration        time.Duration
	Error           string // transport error, or why no request matched (client direction)
	RecordedID      int64  // the sandbox's traffic id (client direction)
}

// AssertResult is the outcome of one assert.
type AssertResult struct {
	Label, Description string
	Kind               string // what it checks: "responseCode", "expression", ...
	Status             Status
	Message            string
	WarningOnly        bool
}

// OperationResult is one operation with the asserts that follow it.
type OperationResult struct {
	Phase       string // "setup", "test" or "teardown"
	Test        string // the test's name
	Description string
	Method      string
	Target      string // resource type and params, as the script has them
	Exchange    *Exchange
	Asserts     []AssertResult
}

// Counts sums assert outcomes.
type Counts struct {
	Pass, Fail, Warning, Unsupported, Skipped int
}

// Add counts one outcome.
func (c *Counts) Add(s Status) {
	switch s {
	case Pass:
		c.Pass++
	case Fail:
		c.Fail++
	case Warning:
		c.Warning++
	case Unsupported:
		c.Unsupported++
	case Skipped:
		c.Skipped++
	}
}

// Plus returns the sum of c and d.
func (c Counts) Plus(d Counts) Counts {
	return Counts{c.Pass + d.Pass, c.Fail + d.Fail, c.Warning + d.Warning, c.Unsupported + d.Unsupported, c.Skipped + d.Skipped}
}

// Total is the number of asserts.
func (c Counts) Total() int { return c.Pass + c.Fail + c.Warning + c.Unsupported + c.Skipped }

// ScriptResult is the outcome of one script.
type ScriptResult struct {
	File, ID, Name, Title string
	Started               time.Time
	Duration              time.Duration
	Operations            []OperationResult
	Error                 string // the script could not run at all
}

// Counts sums the script's asserts.
func (r *ScriptResult) Counts() Counts {
	var c Counts
	for _, op := range r.Operations {
		for _, a := range op.Asserts {
			c.Add(a.Status)
		}
	}
	return c
}

// Failed reports whether an assert failed or the script could not run.
func (r *ScriptResult) Failed() bool { return r.Error != "" || r.Counts().Fail > 0 }
