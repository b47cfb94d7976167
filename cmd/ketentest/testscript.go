package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/config"
	"github.com/ketentest/ketentest/internal/conformance"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/pgoclient"
	"github.com/ketentest/ketentest/internal/testscript"
	"github.com/ketentest/ketentest/internal/validate"
)

const testscriptAbout = `Runs FHIR TestScripts (STU3 or R4, XML or JSON; a file or every TestScript
below a folder) against the FHIR server at --base: setup, tests and teardown, every operation with the
script's own headers, every assert judged (pass, fail, warning, unsupported, skipped). Fixtures are read
relative to each script; the Touchstone/Nictiz date placeholders (${DATE, T, D, -n}, ${CURRENTDATE}, ...)
are resolved relative to today (or --var T=YYYY-MM-DD). --token replaces the Authorization header of
every request; --auth 'OLD=NEW' replaces one script token by another (multi-patient scripts).
Requests go through the SSRF guard: non-public addresses (loopback, private networks) are refused
unless --allow-private is given or the host is in KETENTEST_PGO_ALLOW_HOSTS. validateProfileId asserts
need definitions (--package, as for ketentest validate); without them they are unsupported.
Progress on stderr, a summary on stdout, JUnit XML with --junit. Exit 0 when no assert failed,
1 otherwise.`

func runTestscript(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "run" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprintf(stdout, "Usage: ketentest testscript run --base URL [--token T] [--junit out.xml] SCRIPT|DIR...\n\n%s\n", testscriptAbout)
			return nil
		}
		return errors.New("testscript: usage: ketentest testscript run --base URL [--token T] [--junit out.xml] SCRIPT|DIR...")
	}
	fs := flag.NewFlagSet("testscript run", flag.ContinueOnError)
	base := fs.String("base", "", "FHIR base URL of the server under test")
	token := fs.String("token", "", "bearer token sent on every request instead of the script's Authorization header")
	junit := fs.String("junit", "", "write the results as JUnit XML to this file")
	allowPrivate := fs.Bool("allow-private", false, "allow --base to resolve to a loopback or private address")
	ver := fs.String("fhir-version", "", "FHIR release of the scripts (STU3 or R4; default: from properties.json or the path, else detected)")
	verbose := fs.Bool("v", false, "list every assert, not only failures")
	var vars, auths, headers, packages listFlag
	fs.Var(&vars, "var", "NAME=VALUE: override a script variable (repeatable)")
	fs.Var(&auths, "auth", "OLD=NEW: send Authorization NEW where the script has OLD (repeatable)")
	fs.Var(&headers, "header", "NAME=VALUE: add a header to every request that the script does not set (repeatable; ${UUID} allowed)")
	fs.Var(&packages, "package", "definitions for validateProfileId, as for ketentest validate (repeatable)")
	if err := parseFlags(fs, args[1:], stdout, "ketentest testscript run --base URL [--token T] [--junit out.xml] [flags] SCRIPT|DIR...", testscriptAbout); err != nil {
		return err
	}
	if *base == "" || fs.NArg() == 0 {
		return errors.New("testscript: --base and at least one SCRIPT or DIR are required")
	}
	if err := pgoclient.CheckURL(*base); err != nil {
		return fmt.Errorf("testscript: --base: %w", err)
	}
	version := fhir.Unknown
	if *ver != "" {
		if version = fhir.ParseVersion(*ver); version == fhir.Unknown {
			return fmt.Errorf("testscript: unknown --fhir-version %q", *ver)
		}
	}
	o := testscript.Options{Base: *base, Token: *token, Variables: map[string]string{}, AuthMap: map[string]string{}, Headers: map[string]string{}}
	for _, l := range []struct {
		flag string
		in   listFlag
		out  map[string]string
	}{{"--var", vars, o.Variables}, {"--auth", auths, o.AuthMap}, {"--header", headers, o.Headers}} {
		for _, kv := range l.in {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return fmt.Errorf("testscript: %s %q must be NAME=VALUE", l.flag, kv)
			}
			l.out[k] = v
		}
	}
	var cfg config.Config
	if err := cfg.EnvOnly(os.LookupEnv, pgoclient.EnvAllowHosts); err != nil {
		return fmt.Errorf("testscript: %w", err)
	}
	o.Policy = &pgoclient.Policy{}
	o.Policy.AllowList(cfg.PGOAllowHosts)
	if *allowPrivate {
		o.Policy.AllowURL(*base)
	}
	if len(packages) > 0 {
		set := conformance.NewSet()
		for _, p := range packages {
			if err := set.Load(p); err != nil {
				return fmt.Errorf("testscript: %w", err)
			}
		}
		o.Validator = validate.New(set)
	}
	var scripts []*testscript.Script
	for _, p := range fs.Args() {
		fi, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("testscript: %w", err)
		}
		if fi.IsDir() {
			ss, err := testscript.LoadDir(p, version, "")
			if err != nil {
				return fmt.Errorf("testscript: %w", err)
			}
			scripts = append(scripts, ss...)
			continue
		}
		s, err := testscript.Load(p, version, "")
		if err != nil {
			return fmt.Errorf("testscript: %w", err)
		}
		scripts = append(scripts, s)
	}
	if len(scripts) == 0 {
		return errors.New("testscript: no TestScripts found")
	}
	total := 0
	for _, s := range scripts {
		total += testscript.CountOperations(s)
	}
	prog := newProgress(os.Stderr, max(total, 1), isTerminal(os.Stderr))
	done := 0
	start := time.Now()
	var results []*testscript.ScriptResult
	var sum testscript.Counts
	failed := 0
	for _, s := range scripts {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		base := done
		o.OnOperation = func(n, _ int) { prog.step(base + n) }
		res := testscript.Run(ctx, s, o)
		done = base + testscript.CountOperations(s)
		prog.step(done)
		results = append(results, res)
		c := res.Counts()
		sum = sum.Plus(c)
		if res.Failed() {
			failed++
		}
		writeScriptResult(stdout, res, c, *verbose)
	}
	prog.done()
	fmt.Fprintf(stdout, "\n%d scripts (%d failed), %d asserts: %d pass, %d fail, %d warning, %d unsupported, %d skipped in %s\n",
		len(results), failed, sum.Total(), sum.Pass, sum.Fail, sum.Warning, sum.Unsupported, sum.Skipped, time.Since(start).Round(time.Millisecond))
	if *junit != "" {
		f, err := os.Create(*junit)
		if err != nil {
			return fmt.Errorf("testscript: %w", err)
		}
		if err := testscript.WriteJUnit(f, results); err != nil {
			f.Close()
			return fmt.Errorf("testscript: %w", err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("testscript: %w", err)
		}
	}
	if failed > 0 {
		return &exitCodeError{1, fmt.Sprintf("testscript: %d of %d scripts failed", failed, len(results))}
	}
	return nil
}

// writeScriptResult prints one line per script and the asserts that did not
// pass (every assert with verbose).
func writeScriptResult(w io.Writer, r *testscript.ScriptResult, c testscript.Counts, verbose bool) {
	verdict := "PASS"
	if r.Failed() {
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "%s %s  pass %d, fail %d, warning %d, unsupported %d, skipped %d (%s)\n", verdict, r.File,
		c.Pass, c.Fail, c.Warning, c.Unsupported, c.Skipped, r.Duration.Round(time.Millisecond))
	if r.Error != "" {
		fmt.Fprintf(w, "    error: %s\n", r.Error)
	}
	for _, op := range r.Operations {
		for _, a := range op.Asserts {
			if a.Status == testscript.Pass && !verbose {
				continue
			}
			if a.Status == testscript.Skipped && !verbose {
				continue
			}
			line := ""
			if op.Exchange != nil {
				line = fmt.Sprintf(" [%s %s → %d]", op.Exchange.Method, op.Exchange.URL, op.Exchange.Status)
			}
			fmt.Fprintf(w, "    %-11s %s: %s — %s%s\n", a.Status, op.Target, a.Description, a.Message, line)
		}
	}
}
