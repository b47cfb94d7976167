// Command ketentest is the whole platform in one binary: the web
// application and API (serve), database migrations (migrate), account
// administration (user), a load generator for FHIR servers (loadtest), the
// setup of a sandbox load test (sandbox) and its version (version).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones work without /usr/share/zoneinfo
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

var commands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{
	"serve":    runServe,
	"migrate":  runMigrate,
	"user":     runUser,
	"loadtest": runLoadtest,
	"devcert":  runDevcert,
	"sandbox":  runSandbox,
	"version":  func(context.Context, []string, io.Writer) error { fmt.Println("ketentest", version); return nil },
}

const usage = `ketentest — the platform for data-exchange hackathons

Usage:
  ketentest serve [--demo] [--addr 127.0.0.1:8080] [--data-dir ./data]
  ketentest migrate
  ketentest user create --email E --name N [--admin] [--can-create-hackathon]   (password from KETENTEST_PASSWORD or stdin)
  ketentest user reset-password --email E                                       (password from KETENTEST_PASSWORD or stdin)
  ketentest loadtest --base URL --token T --script TESTSCRIPT.xml   (bounded load on a FHIR server)
  ketentest loadtest findings --base http://127.0.0.1:8080 --token T --hackathon ID [--loggers 200] [--rate 0] [--viewers 0]
                     [--viewers-sse 0] [--duration 30s] [--max N]   (bounded load on ketentest itself, loopback only)
  ketentest devcert --out DIR [--host localhost,127.0.0.1] [--force]  (self-signed certificate for the sandbox listener)
  ketentest sandbox prepare --data-dir D --fixtures DIR [--service 48]   (import a load-test dossier and register its client)
  ketentest sandbox token --base URL --patient P [--scope ketentest~48] [--allow-remote]   (access token through the OAuth flow)
  ketentest version

Every flag can also be set as KETENTEST_<FLAG> in the environment, e.g. KETENTEST_ADDR.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cmd, ok := commands[os.Args[1]]
	if !ok {
		fmt.Fprintf(os.Stderr, "ketentest: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := cmd(ctx, os.Args[2:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ketentest:", err)
		os.Exit(1)
	}
}
