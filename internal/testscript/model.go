package testscript

import "github.com/ketentest/ketentest/internal/fhir"

// Script is a parsed TestScript.
type Script struct {
	ID, Name, Title string
	File            string // where it was read from ("" when parsed from bytes)
	Version         fhir.Version
	Fixtures        []Fixture
	Profiles        map[string]string // profile id → canonical URL
	Variables       []Variable
	Setup           []Action
	Tests           []Test
	Teardown        []Action
	// ClientUnderTest is true when the script's origin is the system under
	// test (a PHR-Client script: it describes what a client must send).
	ClientUnderTest bool
}

// Fixture is a static fixture: a resource the script refers to by id.
type Fixture struct {
	ID         string
	Reference  string // as written
	Autocreate bool
	Autodelete bool
	// Resource is the fixture after placeholders were resolved; nil when
	// its file could not be read (Err says why).
	Resource *fhir.Resource
	Body     []byte // the resolved file contents
	Err      error
}

// Variable is a TestScript variable.
type Variable struct {
	Name, DefaultValue, Expression, HeaderField, Path, SourceID, Hint string
}

// Test is one test of a script.
type Test struct {
	ID, Name, Description string
	Actions               []Action
}

// Action is an operation or an assert.
type Action struct {
	Operation *Operation
	Assert    *Assert
}

// Header is one request header of an operation.
type Header struct{ Field, Value string }

// Operation is a request the test engine sends (server under test) or
// expects (client under test).
type Operation struct {
	TypeSystem, Type string // e.g. restful-interaction "search"
	Resource         string
	Label            string
	Description      string
	Accept           string // "xml", "json" or a MIME type
	ContentType      string
	Method           string // R4 method, or derived from Type
	Params           string
	URL              string
	RequestHeaders   []Header
	RequestID        string
	ResponseID       string
	SourceID         string
	TargetID         string
	Origin           int
	Destination      int
	EncodeRequestURL bool
}

// Assert is one assert of a script.
type Assert struct {
	Label, Description        string
	Direction                 string // "response" (default) or "request"
	CompareToSourceID         string
	CompareToSourceExpression string
	CompareToSourcePath       string
	ContentType               string
	Expression                string
	HeaderField               string
	MinimumID                 string
	NavigationLinks           *bool
	Operator                  string
	Path                      string
	RequestMethod             string
	RequestURL                string
	Resource                  string
	Response                  string
	ResponseCode              string
	Rule                      string // Touchstone assert rule id
	SourceID                  string
	ValidateProfileID         string
	Value                     string
	WarningOnly               bool
	StopTestOnFail            bool
}
