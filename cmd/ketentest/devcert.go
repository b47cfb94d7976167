package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/sandbox"
)

// runDevcert writes a self-signed development certificate and key for the
// sandbox listener:
//
//	ketentest devcert --out DIR [--host localhost,127.0.0.1] [--days 365] [--force]
func runDevcert(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("devcert", flag.ContinueOnError)
	out := fs.String("out", "", "directory to write "+sandbox.DevCertFile+" and "+sandbox.DevKeyFile+" into")
	hosts := fs.String("host", "localhost,127.0.0.1,::1", "comma-separated host names and IP addresses for the certificate")
	days := fs.Int("days", 365, "days the certificate is valid")
	force := fs.Bool("force", false, "replace an existing certificate and key")
	if err := parseFlags(fs, args, stdout, "ketentest devcert --out DIR [--host localhost,127.0.0.1] [--days 365] [--force]",
		"Writes a self-signed development certificate (ECDSA P-256) and key (0600) for the sandbox listener."); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("devcert: --out is required")
	}
	if *days < 1 || *days > 3650 {
		return errors.New("devcert: --days must be from 1 to 3650")
	}
	var list []string
	for _, h := range strings.Split(*hosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			list = append(list, h)
		}
	}
	certFile, keyFile, err := sandbox.WriteDevCert(*out, list, time.Duration(*days)*24*time.Hour, *force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Development certificate for %s (valid %d days, not for production):\n  %s\n  %s (private key, mode 0600)\n\n",
		strings.Join(list, ", "), *days, certFile, keyFile)
	fmt.Fprintf(stdout, "Serve the sandbox over TLS with:\n  KETENTEST_SANDBOX_TLS_CERT=%s KETENTEST_SANDBOX_TLS_KEY=%s\n", certFile, keyFile)
	return nil
}
