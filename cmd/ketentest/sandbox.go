package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"

	"github.com/ketentest/ketentest/internal/config"
	"github.com/ketentest/ketentest/internal/sandbox/harness"
)

// runSandbox prepares and drives a sandbox load test:
//
//	ketentest sandbox prepare --data-dir D --fixtures DIR [--service 48]
//	ketentest sandbox token --base URL --patient P [--scope ketentest~48] [--allow-remote]
func runSandbox(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("sandbox: prepare or token expected (ketentest sandbox --help)")
	}
	if isHelp(args[0]) {
		printUsage(flag.NewFlagSet("sandbox", flag.ContinueOnError), stdout,
			"ketentest sandbox prepare --data-dir D --fixtures DIR [--service 48]\n       ketentest sandbox token --base URL --patient P [--scope ketentest~48] [--allow-remote]",
			"Prepares and drives a load test of the reference DVA. ketentest sandbox prepare --help and\nketentest sandbox token --help list the flags.")
		return flag.ErrHelp
	}
	switch args[0] {
	case "prepare":
		return sandboxPrepare(ctx, args[1:], stdout)
	case "token":
		return sandboxToken(ctx, args[1:], stdout)
	}
	return fmt.Errorf("sandbox: unknown subcommand %q (prepare or token)", args[0])
}

func sandboxPrepare(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("sandbox prepare", flag.ContinueOnError)
	fixtures := fs.String("fixtures", "", "folder of FHIR resources to import as one dossier")
	service := fs.String("service", "48", "data service of the dossier")
	if err := loadSettings(&cfg, fs, args, stdout, nil, "ketentest sandbox prepare --data-dir D --fixtures DIR [--service 48]",
		"Imports a folder of FHIR resources as one sandbox dossier, registers the load-test client and prints the patient keys."); err != nil {
		return err
	}
	if *fixtures == "" {
		return errors.New("sandbox prepare: --fixtures is required")
	}
	db, err := openMigrated(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := harness.Prepare(ctx, db, *fixtures, *service, stdout); err != nil {
		return fmt.Errorf("sandbox prepare: %w", err)
	}
	return nil
}

func sandboxToken(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("sandbox token", flag.ContinueOnError)
	base := fs.String("base", "", "sandbox base URL, e.g. http://127.0.0.1:8443")
	patient := fs.String("patient", "", "patient key to log in as (printed by sandbox prepare)")
	scope := fs.String("scope", "ketentest~48", "scope to ask for")
	allowRemote := fs.Bool("allow-remote", false, "allow a sandbox that is not on this machine")
	if err := parseFlags(fs, args, stdout, "ketentest sandbox token --base URL --patient P [--scope ketentest~48] [--allow-remote]",
		"Runs the sandbox's OAuth flow as the load-test client and a test patient and prints the access token."); err != nil {
		return err
	}
	if *base == "" || *patient == "" {
		return errors.New("sandbox token: --base and --patient are required")
	}
	u, err := url.Parse(*base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return fmt.Errorf("sandbox token: --base %q must be an http(s) URL such as http://127.0.0.1:8443", *base)
	}
	if !*allowRemote && !loopbackHost(u.Hostname()) {
		return fmt.Errorf("sandbox token: %s is not a loopback address; this logs in as a test patient, so pass --allow-remote to use another machine's sandbox", u.Hostname())
	}
	tok, err := harness.Token(ctx, *base, *patient, *scope)
	if err != nil {
		return fmt.Errorf("sandbox token: %w", err)
	}
	fmt.Fprintln(stdout, tok)
	return nil
}

// loopbackHost reports whether host is a loopback IP address or the name
// localhost.
func loopbackHost(host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	return strings.EqualFold(strings.TrimSuffix(host, "."), "localhost")
}
