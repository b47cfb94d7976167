package web_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// lockedBuffer collects log output written from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRequestLogHidesPathSecrets: the one-time links of the set-password
// mail and of the registration mails carry their secret in the path; the
// request log must not write it (whoever reads the log could set the
// password of an invited account or confirm/cancel a registration).
func TestRequestLogHidesPathSecrets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		var logs lockedBuffer
		prev := slog.Default()
		slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
		t.Cleanup(func() { slog.SetDefault(prev) })
		const secret = "S3cretTokenValue0123456789abcdef"
		for _, path := range []string{
			"/account/set-password/" + secret,
			"/register/confirm/" + secret,
			"/register/cancel/" + secret,
		} {
			e.do("anonymous", "GET", path, "", "")
			e.form("anonymous", path, nil)
		}
		slog.SetDefault(prev)
		out := logs.String()
		if !strings.Contains(out, "/account/set-password/") {
			t.Fatalf("requests not logged at all:\n%s", out)
		}
		if strings.Contains(out, secret) {
			t.Fatalf("a link secret is in the request log:\n%s", out)
		}
	})
}
