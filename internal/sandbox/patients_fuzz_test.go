package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCutRunes: a shown field is a prefix of the original, valid UTF-8
// when the original was, at most n runes plus the ellipsis, and unchanged
// when short enough.
func FuzzCutRunes(f *testing.F) {
	for _, s := range []string{"", "Anna", "Ánna Çelik", strings.Repeat("é", 200), "\xff\xfe"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		got := cutRunes(s, n)
		if utf8.RuneCountInString(s) <= n {
			if got != s {
				t.Fatalf("cutRunes(%q, %d) = %q, want it unchanged", s, n, got)
			}
			return
		}
		cut := strings.TrimSuffix(got, "…")
		if cut == got || !strings.HasPrefix(s, cut) || utf8.RuneCountInString(cut) > n {
			t.Fatalf("cutRunes(%q, %d) = %q", s, n, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("cutRunes(%q, %d) = %q is not valid UTF-8", s, n, got)
		}
	})
}

// FuzzPKCE: a verifier is accepted exactly when it is well formed and
// hashes to the challenge; nothing panics on any input.
func FuzzPKCE(f *testing.F) {
	f.Add("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "S256")
	f.Add("short", "plain")
	f.Fuzz(func(t *testing.T, verifier, method string) {
		sum := sha256.Sum256([]byte(verifier))
		challenge := base64.RawURLEncoding.EncodeToString(sum[:])
		if oe := checkChallenge(challenge, method); (oe == nil) != (method == "S256") {
			t.Fatalf("challenge with method %q: %v", method, oe)
		}
		ok := checkVerifier(challenge, verifier) == nil
		if ok != verifierRE.MatchString(verifier) {
			t.Fatalf("verifier %q: accepted %v", verifier, ok)
		}
		if checkVerifier(challenge, verifier+"x") == nil {
			t.Fatalf("verifier %q plus a character accepted", verifier)
		}
		checkChallenge(verifier, method)
	})
}
