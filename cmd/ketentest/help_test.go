package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestHelpExitsZero: ketentest --help, ketentest help CMD and
// ketentest CMD --help print usage on stdout and exit 0, for every command.
func TestHelpExitsZero(t *testing.T) {
	cases := [][]string{{"--help"}, {"-h"}, {"help"}}
	for name := range commands() {
		cases = append(cases, []string{"help", name}, []string{name, "--help"}, []string{name, "-h"})
	}
	cases = append(cases, []string{"user", "create", "--help"}, []string{"sandbox", "prepare", "--help"}, []string{"sandbox", "token", "-h"},
		[]string{"loadtest", "findings", "--help"})
	for _, args := range cases {
		var out, errOut bytes.Buffer
		code := run(context.Background(), args, &out, &errOut)
		if code != 0 {
			t.Errorf("ketentest %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut.String())
			continue
		}
		if !strings.Contains(out.String()+errOut.String(), "ketentest") || !strings.Contains(strings.ToLower(out.String()+errOut.String()), "usage") {
			t.Errorf("ketentest %s printed no usage:\n%s%s", strings.Join(args, " "), out.String(), errOut.String())
		}
	}
}

// The help of a command that reads settings lists every flag with its
// environment variable and default.
func TestServeHelpListsSettings(t *testing.T) {
	var out bytes.Buffer
	if code := run(context.Background(), []string{"serve", "--help"}, &out, &out); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"-base-url", "KETENTEST_BASE_URL", "-metrics-allow", "KETENTEST_METRICS_ALLOW", "-demo", "default 127.0.0.1:8080"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("serve --help lacks %q:\n%s", want, out.String())
		}
	}
}

func TestUnknownCommandAndFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"serv"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), `unknown command "serv"`) {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run(context.Background(), []string{"migrate", "--nope"}, &out, &errOut); code != 1 || !strings.Contains(errOut.String(), "-nope") ||
		!strings.Contains(errOut.String(), "migrate --help") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
	if code := run(context.Background(), nil, &out, &errOut); code != 2 {
		t.Fatalf("no command: exit %d", code)
	}
}
