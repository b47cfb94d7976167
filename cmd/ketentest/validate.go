package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/conformance"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/validate"
)

// The exit codes of ketentest validate, by the worst severity found.
const (
	exitValidWarnings = 3 // warnings, no errors
	exitValidErrors   = 4 // at least one error
	exitValidFatal    = 5 // a file could not be read or parsed
)

// exitCodeError is an error that asks for a specific exit code.
type exitCodeError struct {
	code int
	msg  string
}

func (e *exitCodeError) Error() string { return e.msg }

// ExitCode is the process exit code.
func (e *exitCodeError) ExitCode() int { return e.code }

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

const validateAbout = `Validates FHIR resources (JSON or XML files; folders are searched for *.json and *.xml)
against the definitions in the given packages: the core definition of each resource's type, its
meta.profile and every --profile. Parsed packages and generated snapshots are cached (--cache-dir,
by default the user cache folder), so later runs start in a fraction of a second. A --package is a package.tgz, an unpacked package folder, a cache
entry (~/.fhir/packages/<id>#<version>), a folder of definitions or one Bundle file; give the core
package (e.g. hl7.fhir.r4.core) too. Bundles are validated entry by entry.

Exit status: 0 no problems (or information only), 3 warnings, 4 errors, 5 a file could not be read
or parsed, 1 the command itself failed (e.g. a package could not be loaded). Progress goes to
stderr when it is a terminal and more than 10 files are validated.`

func runValidate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	var profiles, packages listFlag
	fs.Var(&profiles, "profile", "profile URL to validate against as well (repeatable)")
	fs.Var(&packages, "package", "definitions to load: package.tgz, package folder, folder or Bundle (repeatable)")
	format := fs.String("format", "text", "output format: text or json")
	lang := fs.String("lang", "nl", "language of the messages: nl or en")
	ver := fs.String("fhir-version", "", "FHIR version of the files (R4 or STU3); detected when empty")
	cacheDir := fs.String("cache-dir", conformance.DefaultCacheDir(), "folder for the definitions cache (parsed packages and generated snapshots)")
	noCache := fs.Bool("no-cache", false, "load the packages without the definitions cache")
	if err := parseFlags(fs, args, stdout, "ketentest validate [--profile URL] [--package PATH ...] [--format text|json] [--lang nl|en] FILE|DIR...", validateAbout); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return fmt.Errorf("validate: --format must be text or json, not %q", *format)
	}
	if *lang != "nl" && *lang != "en" {
		return fmt.Errorf("validate: --lang must be nl or en, not %q", *lang)
	}
	if len(packages) == 0 {
		return errors.New("validate: no definitions: give at least one --package (e.g. the hl7.fhir.r4.core package)")
	}
	if fs.NArg() == 0 {
		return errors.New("validate: no files given")
	}
	var version fhir.Version
	if *ver != "" {
		if version = fhir.ParseVersion(*ver); version == fhir.Unknown {
			return fmt.Errorf("validate: unknown --fhir-version %q", *ver)
		}
	}
	start := time.Now()
	dir := *cacheDir
	if *noCache {
		dir = ""
	}
	set, cinfo, err := conformance.LoadCached(dir, packages...)
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	if cinfo.WriteErr != nil {
		fmt.Fprintf(os.Stderr, "ketentest validate: definitions cache not written: %v\n", cinfo.WriteErr)
	}
	for _, p := range set.Problems {
		fmt.Fprintf(os.Stderr, "ketentest validate: skipped definition %v\n", p)
	}
	loaded := time.Since(start)
	files, err := validateFiles(fs.Args())
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	v := validate.New(set)
	var results []fileResult
	worst := -1
	progress := newProgress(os.Stderr, len(files), len(files) > 10 && isTerminal(os.Stderr))
	for i, f := range files {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res := validateOne(ctx, v, f, version, profiles, *lang)
		worst = max(worst, res.worst)
		results = append(results, res)
		if *format == "text" {
			writeText(stdout, res)
		}
		progress.step(i + 1)
	}
	progress.done()
	if *format == "json" {
		if err := writeJSON(stdout, results); err != nil {
			return err
		}
	}
	how := "without cache"
	switch {
	case cinfo.Hit:
		how = "from cache " + cinfo.File
	case cinfo.File != "":
		how = "and cached in " + cinfo.File
	}
	fmt.Fprintf(os.Stderr, "ketentest validate: %d files, %d definitions loaded in %s (%s), validated in %s\n",
		len(files), set.Len(), loaded.Round(time.Millisecond), how, (time.Since(start) - loaded).Round(time.Millisecond))
	switch {
	case worst >= int(validate.Fatal):
		return &exitCodeError{exitValidFatal, "validate: a file could not be read"}
	case worst >= int(validate.Error):
		return &exitCodeError{exitValidErrors, "validate: errors found"}
	case worst >= int(validate.Warning):
		return &exitCodeError{exitValidWarnings, "validate: warnings found"}
	}
	return nil
}

// validateFiles expands the arguments into a sorted list of files.
func validateFiles(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			ext := strings.ToLower(filepath.Ext(p))
			if d.Type().IsRegular() && (ext == ".json" || ext == ".xml") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// maxResourceFile bounds one file to validate.
const maxResourceFile = 128 << 20

type fileResult struct {
	file    string
	worst   int
	issues  []validate.Issue
	lang    string
	readErr error
}

func validateOne(ctx context.Context, v *validate.Validator, file string, version fhir.Version, profiles []string, lang string) fileResult {
	res := fileResult{file: file, worst: -1, lang: lang}
	st, err := os.Stat(file)
	if err == nil && st.Size() > maxResourceFile {
		err = fmt.Errorf("%d bytes is more than the limit of %d", st.Size(), maxResourceFile)
	}
	var data []byte
	if err == nil {
		if data, err = os.ReadFile(file); err == nil {
			profile := ""
			if len(profiles) > 0 {
				profile = profiles[0]
			}
			var r *fhir.Resource
			if len(profiles) > 1 {
				// several profiles: parse once, validate against all
				if r, err = (fhir.ParseOptions{Version: version}).Parse(data); err == nil {
					res.issues = v.Validate(ctx, r, profiles...)
					validate.Locate(res.issues, data)
				}
			} else {
				res.issues, err = v.ValidateResource(ctx, data, version, profile)
			}
		}
	}
	if err != nil {
		res.readErr, res.worst = err, int(validate.Fatal)
		return res
	}
	if w, ok := validate.Worst(res.issues); ok {
		res.worst = int(w)
	}
	return res
}

func writeText(w io.Writer, r fileResult) {
	if r.readErr != nil {
		fmt.Fprintf(w, "%s: fatal: %v\n", r.file, r.readErr)
		return
	}
	if len(r.issues) == 0 {
		fmt.Fprintf(w, "%s: ok\n", r.file)
		return
	}
	for _, is := range r.issues {
		at := r.file
		if is.Line > 0 {
			at = fmt.Sprintf("%s:%d:%d", r.file, is.Line, is.Column)
		}
		fmt.Fprintf(w, "%s: %s: %s: %s\n", at, is.Severity, is.Location, is.Message(r.lang))
	}
}

func writeJSON(w io.Writer, results []fileResult) error {
	type fileJSON struct {
		File     string          `json:"file"`
		Severity string          `json:"severity"`
		Error    string          `json:"error,omitempty"`
		Outcome  json.RawMessage `json:"outcome,omitempty"`
	}
	out := make([]fileJSON, 0, len(results))
	for _, r := range results {
		f := fileJSON{File: r.file, Severity: "ok"}
		if r.worst >= 0 {
			f.Severity = validate.Severity(r.worst).String()
		}
		if r.readErr != nil {
			f.Error = r.readErr.Error()
			f.Outcome, _ = fhir.MarshalJSON(fhir.ErrorOutcome(r.readErr))
		} else {
			data, err := fhir.MarshalJSON(validate.Outcome(r.issues, r.lang))
			if err != nil {
				return err
			}
			f.Outcome = data
		}
		out = append(out, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"files": out})
}

// isTerminal reports whether f is a character device (a terminal), so
// that a progress bar does not fill log files.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress draws a progress bar on a terminal-like writer.
type progress struct {
	w     io.Writer
	total int
	on    bool
}

func newProgress(w io.Writer, total int, on bool) *progress {
	return &progress{w: w, total: total, on: on}
}

func (p *progress) step(n int) {
	if !p.on {
		return
	}
	const width = 30
	filled := n * width / p.total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), n, p.total)
}

func (p *progress) done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}
