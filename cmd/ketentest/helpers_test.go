package main

import (
	"bufio"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startServe runs `ketentest serve` with args until it prints a line
// matching pattern, and returns the pattern's first submatch, what serve
// printed up to that line, and stop. stop ends serve the way SIGTERM does
// and fails the test unless serve returns without error within the given
// time. serve is stopped at the end of the test in any case.
func startServe(t *testing.T, args []string, pattern string) (match, out string, stop func(within time.Duration)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, args, pw)
		pw.Close()
	}()
	re := regexp.MustCompile(pattern)
	var printed strings.Builder
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			match = m[1]
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if match == "" {
		t.Fatalf("serve printed no line matching %s; output:\n%s\nerr: %v", pattern, printed.String(), <-done)
	}
	stop = func(within time.Duration) {
		t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve after shutdown: %v", err)
			}
		case <-time.After(within):
			t.Fatalf("serve did not shut down within %v", within)
		}
	}
	return match, printed.String(), stop
}
