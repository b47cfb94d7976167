// Command ketentest is the whole platform in one binary: the web
// application and API (serve), database migrations (migrate), account
// administration (user), the settings in force (config), a load generator
// for FHIR servers (loadtest), the setup of a sandbox load test (sandbox),
// a development certificate (devcert) and its version (version).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones work without /usr/share/zoneinfo
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type command func(ctx context.Context, args []string, stdout io.Writer) error

// commands are the subcommands by name; a function, so that no table is
// package state.
func commands() map[string]command {
	return map[string]command{
		"serve":      runServe,
		"migrate":    runMigrate,
		"config":     runConfig,
		"user":       runUser,
		"loadtest":   runLoadtest,
		"devcert":    runDevcert,
		"sandbox":    runSandbox,
		"validate":   runValidate,
		"testscript": runTestscript,
		"version":    runVersion,
	}
}

const usage = `ketentest — the platform for data-exchange hackathons

Usage:
  ketentest serve [--demo] [--addr 127.0.0.1:8080] [--data-dir ./data]
  ketentest migrate
  ketentest config [--demo] [flags]   (every setting, its value and where it came from; secrets masked)
  ketentest user create --email E --name N [--admin] [--can-create-hackathon]   (password from KETENTEST_PASSWORD or stdin)
  ketentest user reset-password --email E                                       (password from KETENTEST_PASSWORD or stdin)
  ketentest loadtest --base URL --token T --script TESTSCRIPT.xml   (bounded load on a FHIR server)
  ketentest loadtest findings --base http://127.0.0.1:8080 --token T --hackathon ID [--loggers 200] [--rate 0] [--viewers 0]
                     [--viewers-sse 0] [--duration 30s] [--max N]   (bounded load on ketentest itself, loopback only)
  ketentest devcert --out DIR [--host localhost,127.0.0.1] [--force]  (self-signed certificate for the sandbox listener)
  ketentest sandbox prepare --data-dir D --fixtures DIR [--service 48]   (import a load-test dossier and register its client)
  ketentest sandbox token --base URL --patient P [--scope ketentest~48] [--allow-remote]   (access token through the OAuth flow)
  ketentest validate --package PATH [--package PATH ...] [--profile URL] [--format text|json] FILE|DIR...
                     (validate FHIR resources; exit 0 ok, 3 warnings, 4 errors, 5 unreadable file)
  ketentest testscript run --base URL [--token T] [--junit out.xml] SCRIPT|DIR...
                     (run FHIR TestScripts against a server; exit 0 when no assert failed, 1 otherwise)
  ketentest version
  ketentest help [COMMAND]   (also: ketentest COMMAND --help)

Every setting is a flag and a KETENTEST_* environment variable; a flag wins.
` + "`ketentest config --help`" + ` lists them all, ` + "`ketentest config`" + ` shows the values in force.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the command line args and returns the exit code: 0 on success
// and for help, 1 when the command failed, 2 for a command line that
// names no command.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name := args[0]
	if isHelp(name) {
		if len(args) < 2 {
			fmt.Fprint(stdout, usage)
			return 0
		}
		name, args = args[1], []string{args[1], "--help"}
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(stderr, "ketentest: unknown command %q\n\n%s", name, usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdout)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(interface{ ExitCode() int })):
		var ec interface{ ExitCode() int }
		errors.As(err, &ec)
		fmt.Fprintln(stderr, "ketentest:", err)
		return ec.ExitCode()
	case err != nil:
		fmt.Fprintln(stderr, "ketentest:", err)
		return 1
	}
	return 0
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

func runVersion(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if err := parseFlags(fs, args, stdout, "ketentest version", "Prints the version of this binary."); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "ketentest", version)
	return nil
}

// parseFlags parses args with fs. --help (or -h) prints the command's
// synopsis, description and flags to stdout and returns flag.ErrHelp, which
// exits 0; any other problem is returned naming it.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, synopsis, about string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(fs, stdout, synopsis, about)
		return err
	}
	if err != nil {
		return fmt.Errorf("%s: %w (ketentest %s --help lists the flags)", fs.Name(), err, fs.Name())
	}
	return nil
}

// printUsage writes a command's usage.
func printUsage(fs *flag.FlagSet, w io.Writer, synopsis, about string) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", synopsis, about)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}
