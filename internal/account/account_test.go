package account_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// fastParams keep tests quick; production uses DefaultHashParams.
var fastParams = account.HashParams{Memory: 64, Time: 1, Threads: 1}

func newService(db *store.DB) *account.Service {
	s := account.NewService(db)
	s.Params = fastParams
	return s
}

func TestPasswordHash(t *testing.T) {
	h, err := account.HashPassword("correct horse battery", account.DefaultHashParams)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := account.CheckPassword(h, "correct horse battery"); !ok {
		t.Fatal("right password rejected")
	}
	if ok, _ := account.CheckPassword(h, "correct horse batterx"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, err := account.CheckPassword("$2a$bcrypt", "x"); err == nil {
		t.Fatal("non-argon2id hash accepted")
	}
}

func TestCreateValidates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		ctx := context.Background()
		cases := []struct {
			name  string
			in    account.NewUser
			field string
		}{
			{"no email", account.NewUser{Name: "A", Password: "long enough pw"}, "email"},
			{"bad email", account.NewUser{Email: "nope", Name: "A", Password: "long enough pw"}, "email"},
			{"no name", account.NewUser{Email: "a@example.org", Password: "long enough pw"}, "name"},
			{"short password", account.NewUser{Email: "a@example.org", Name: "A", Password: "short"}, "password"},
		}
		for _, c := range cases {
			_, err := s.Create(ctx, c.in)
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field {
				t.Errorf("%s: err = %v, want field %q", c.name, err, c.field)
			}
		}
		if _, err := s.Create(ctx, account.NewUser{Email: "A@Example.org", Name: "A", Password: "long enough pw"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, account.NewUser{Email: "a@example.org", Name: "B", Password: "long enough pw"}); !errors.Is(err, account.ErrEmailTaken) {
			t.Fatalf("duplicate e-mail: err = %v", err)
		}
	})
}

func TestLoginSessionAndThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		th := account.NewThrottle(db)
		ctx := context.Background()
		u, err := s.Create(ctx, account.NewUser{Email: "lead@example.org", Name: "Lead", Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, th, "lead@example.org", "long enough pw", "10.0.0.1"); err != nil {
			t.Fatalf("good login: %v", err)
		}
		for i := 0; i < th.PerOrigin.Max; i++ {
			if _, err := s.Authenticate(ctx, th, "lead@example.org", "wrong", "10.0.0.1"); !errors.Is(err, account.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		_, err = s.Authenticate(ctx, th, "lead@example.org", "long enough pw", "10.0.0.1")
		var te *account.ThrottleError
		if !errors.Is(err, account.ErrThrottled) || !errors.As(err, &te) || te.RetryAfter <= 0 || te.RetryAfter > time.Minute {
			t.Fatalf("after %d failures from one address a good password from there must wait up to a minute, got %v", th.PerOrigin.Max, err)
		}
		// The backoff passes: one more attempt.
		s.Now = func() time.Time { return time.Now().UTC().Add(61 * time.Second) }
		if _, err := s.Authenticate(ctx, th, "lead@example.org", "long enough pw", "10.0.0.1"); err != nil {
			t.Fatalf("after the backoff: %v", err)
		}
		s.Now = func() time.Time { return time.Now().UTC() }

		tok, err := s.CreateSession(ctx, u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		// A second service over the same database (another app instance) sees it.
		other := newService(db)
		if got, err := other.UserBySession(ctx, tok); err != nil || got.ID != u.ID {
			t.Fatalf("session from another instance: %v", err)
		}
		if err := s.EndSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserBySession(ctx, tok); err == nil {
			t.Fatal("session survives logout")
		}
	})
}

// TestThrottleIsPerAccountAndAddress: guessing from one address does not
// lock the account for other addresses, and failures on many accounts from
// one (NAT) address do not lock the others' right passwords there.
func TestThrottleIsPerAccountAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		th := account.NewThrottle(db)
		ctx := context.Background()
		for _, e := range []string{"admin@example.org", "x@example.org"} {
			if _, err := s.Create(ctx, account.NewUser{Email: e, Name: "X", Password: "long enough pw"}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < th.PerOrigin.Max+2; i++ {
			s.Authenticate(ctx, th, "admin@example.org", "guess", "203.0.113.66")
		}
		if _, err := s.Authenticate(ctx, th, "admin@example.org", "guess", "203.0.113.66"); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("the guessing address is not throttled: %v", err)
		}
		if _, err := s.Authenticate(ctx, th, "admin@example.org", "long enough pw", "198.51.100.7"); err != nil {
			t.Fatalf("the admin from another address is locked out: %v", err)
		}
		// 20 failures on other accounts from the venue's address.
		for i := 0; i < 20; i++ {
			s.Authenticate(ctx, th, fmt.Sprintf("nobody%d@example.org", i), "pw", "192.0.2.1")
		}
		if _, err := s.Authenticate(ctx, th, "x@example.org", "long enough pw", "192.0.2.1"); err != nil {
			t.Fatalf("the right password from a busy address: %v", err)
		}
	})
}

// TestThrottleLimitsPerAccountAndAddress: the wider limits hold too, and a
// known device keeps its way in.
func TestThrottleLimitsPerAccountAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		th := account.NewThrottle(db)
		th.PerAccount.Max, th.PerAddress.Max = 6, 4
		ctx := context.Background()
		if _, err := s.Create(ctx, account.NewUser{Email: "x@example.org", Name: "X", Password: "long enough pw"}); err != nil {
			t.Fatal(err)
		}
		res, err := s.Login(ctx, th, account.LoginAttempt{Email: "x@example.org", Password: "long enough pw", Addr: "10.0.0.1"})
		if err != nil || res.Device == "" {
			t.Fatalf("login: %+v %v", res, err)
		}
		// Guesses from many addresses use up the account's limit ...
		for i := 0; i < 6; i++ {
			s.Authenticate(ctx, th, "x@example.org", "guess", fmt.Sprintf("10.1.0.%d", i))
		}
		if _, err := s.Authenticate(ctx, th, "x@example.org", "long enough pw", "10.2.0.1"); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("account limit: %v", err)
		}
		// ... but the right password from the known device gets in,
		if _, err := s.Login(ctx, th, account.LoginAttempt{Email: "x@example.org", Password: "long enough pw", Addr: "10.2.0.1", Device: res.Device}); err != nil {
			t.Fatalf("known device: %v", err)
		}
		// a forged or another account's device cookie does not,
		for _, dev := range []string{res.Device + "x", "AAAAAAAAAAAAAAAAAAAAAA." + strings.Split(res.Device, ".")[1], "nonsense"} {
			if _, err := s.Login(ctx, th, account.LoginAttempt{Email: "x@example.org", Password: "long enough pw", Addr: "10.2.0.1", Device: dev}); !errors.Is(err, account.ErrThrottled) {
				t.Fatalf("device %q: %v", dev, err)
			}
		}
		// and a known device has a limit of its own.
		for i := 0; i < th.PerOrigin.Max; i++ {
			s.Login(ctx, th, account.LoginAttempt{Email: "x@example.org", Password: "guess", Addr: "10.2.0.1", Device: res.Device})
		}
		if _, err := s.Login(ctx, th, account.LoginAttempt{Email: "x@example.org", Password: "long enough pw", Addr: "10.2.0.1", Device: res.Device}); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("guessing from a known device: %v", err)
		}
		// A new password voids earlier device tokens.
		u, _ := s.ByEmail(ctx, "x@example.org")
		if err := s.SetPassword(ctx, u.ID, "another long password"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(ctx, th, account.LoginAttempt{Email: "x@example.org", Password: "another long password", Addr: "10.2.0.1", Device: res.Device}); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("device token after a password change: %v", err)
		}

		// One address trying many accounts hits the address limit; successes do not count.
		s.Create(ctx, account.NewUser{Email: "y@example.org", Name: "Y", Password: "long enough pw"})
		for i := 0; i < 5; i++ {
			if _, err := s.Authenticate(ctx, th, "y@example.org", "long enough pw", "10.9.9.9"); err != nil {
				t.Fatalf("good login %d: %v", i, err)
			}
		}
		for i := 0; i < 4; i++ {
			s.Authenticate(ctx, th, fmt.Sprintf("nobody%d@example.org", i), "pw", "10.9.9.9")
		}
		if _, err := s.Authenticate(ctx, th, "y@example.org", "long enough pw", "10.9.9.9"); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("address with many failures not throttled: %v", err)
		}
		if _, err := s.Authenticate(ctx, th, "y@example.org", "long enough pw", "10.9.9.10"); err != nil {
			t.Fatalf("other address: %v", err)
		}
	})
}

// TestLoginBurstCountedBeforeHashing: 100 parallel wrong passwords for one
// account from one address are counted before any hash, so only the limit
// is evaluated; the rest are refused without hashing.
func TestLoginBurstCountedBeforeHashing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		th := account.NewThrottle(db)
		ctx := context.Background()
		if _, err := s.Create(ctx, account.NewUser{Email: "victim@example.org", Name: "V", Password: "long enough pw"}); err != nil {
			t.Fatal(err)
		}
		var wrong, throttled atomic.Int32
		var wg sync.WaitGroup
		for range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Authenticate(ctx, th, "victim@example.org", "guess", "203.0.113.9")
				switch {
				case errors.Is(err, account.ErrBadCredentials):
					wrong.Add(1)
				case errors.Is(err, account.ErrThrottled), errors.Is(err, account.ErrBusy):
					throttled.Add(1)
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if wrong.Load() != 5 || throttled.Load() != 95 {
			t.Fatalf("%d passwords evaluated, %d refused; want 5 and 95", wrong.Load(), throttled.Load())
		}
	})
}

// TestConcurrentFailedLogins runs failed logins of unknown accounts in
// parallel; under -race it finds unguarded shared state (the dummy hash).
func TestConcurrentFailedLogins(t *testing.T) {
	db := storetest.SQLite(t)
	s := newService(db)
	s.Params = account.HashParams{Memory: 72, Time: 1, Threads: 1} // a set no other test made a dummy hash for
	th := account.NewThrottle(db)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Authenticate(context.Background(), th, fmt.Sprintf("ghost%d@example.org", i), "pw", fmt.Sprintf("10.0.0.%d", i))
			if !errors.Is(err, account.ErrBadCredentials) && !errors.Is(err, account.ErrBusy) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// TestHashGateBoundsConcurrentHashing: however many logins arrive at once,
// at most Running hashes run (each holds ~19 MiB), at most Queued wait, and
// the rest are refused with ErrBusy before any hashing — and their attempt
// is not counted against the account.
func TestHashGateBoundsConcurrentHashing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		th := account.NewThrottle(db)
		th.PerOrigin.Max, th.PerAddress.Max = 1000, 1000
		ctx := context.Background()
		if _, err := s.Create(ctx, account.NewUser{Email: "x@example.org", Name: "X", Password: "long enough pw"}); err != nil {
			t.Fatal(err)
		}
		const running, queued, burst = 2, 3, 100
		s.Gate = account.NewHashGate(running, queued, time.Hour)
		var inside, peak atomic.Int32
		release := make(chan struct{})
		s.SetOnHash(func() {
			n := inside.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			<-release
			inside.Add(-1)
		})
		var busy, done atomic.Int32
		var wg sync.WaitGroup
		for i := range burst {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer done.Add(1)
				_, err := s.Authenticate(ctx, th, fmt.Sprintf("u%d@example.org", i), "pw", "10.0.0.1")
				if errors.Is(err, account.ErrBusy) {
					busy.Add(1)
				} else if !errors.Is(err, account.ErrBadCredentials) {
					t.Error(err)
				}
			}()
		}
		// Wait until every request is hashing, waiting or refused.
		for inside.Load()+int32(s.Gate.Waiting())+busy.Load() < burst && peak.Load() <= running {
			runtime.Gosched()
		}
		close(release)
		wg.Wait()
		if p := peak.Load(); p > running {
			t.Fatalf("%d hashes ran at once, the gate allows %d", p, running)
		}
		if b := busy.Load(); b != burst-running-queued {
			t.Fatalf("%d refused as busy, want %d", b, burst-running-queued)
		}
		// The busy ones were not counted: the address's counter holds only the evaluated attempts.
		var hits int
		if err := db.QueryRow(ctx, "SELECT hits FROM rate_limits WHERE key = ?", "login:addr:10.0.0.1").Scan(&hits); err != nil || hits != running+queued {
			t.Fatalf("address counter %d (%v), want %d", hits, err, running+queued)
		}
		// Creating an account, setting a password and using a link are gated the same way.
		s.Gate = account.NewHashGate(1, 0, time.Hour)
		s.SetOnHash(nil)
		held, err := s.Gate.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := s.ByEmail(ctx, "x@example.org")
		if err := s.SetPassword(ctx, u.ID, "a new long password"); !errors.Is(err, account.ErrBusy) {
			t.Errorf("set password with the gate full: %v", err)
		}
		if _, err := s.Create(ctx, account.NewUser{Email: "n@example.org", Name: "N", Password: "long enough pw"}); !errors.Is(err, account.ErrBusy) {
			t.Errorf("create with the gate full: %v", err)
		}
		held()
		if err := s.SetPassword(ctx, u.ID, "a new long password"); err != nil {
			t.Errorf("set password with the gate free: %v", err)
		}
	})
}

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		ctx := context.Background()
		u, _ := s.Create(ctx, account.NewUser{Email: "t@example.org", Name: "T", Password: "long enough pw"})
		tok, secret, err := s.CreateToken(ctx, u.ID, "ci", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByToken(ctx, secret); err != nil || got.ID != u.ID {
			t.Fatalf("token lookup: %v", err)
		}
		if _, err := s.UserByToken(ctx, secret+"x"); err == nil {
			t.Fatal("tampered token accepted")
		}
		s.Now = func() time.Time { return time.Now().UTC().Add(2 * time.Hour) }
		if _, err := s.UserByToken(ctx, secret); err == nil {
			t.Fatal("expired token accepted")
		}
		s.Now = func() time.Time { return time.Now().UTC() }
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, secret); err == nil {
			t.Fatal("revoked token accepted")
		}
	})
}

// TestTokenUseRecordedToTheMinute: the last use of a token is noted, but
// not rewritten on every request within TokenUseResolution.
func TestTokenUseRecordedToTheMinute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := account.NewService(db)
		svc.Params = account.HashParams{Memory: 64, Time: 1, Threads: 1}
		now := time.Date(2027, 1, 1, 10, 0, 0, 0, time.UTC)
		svc.Now = func() time.Time { return now }
		u, err := svc.Create(ctx, account.NewUser{Email: "tok@example.org", Name: "Tok", Password: "long enough pw"})
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := svc.CreateToken(ctx, u.ID, "t", 0)
		if err != nil {
			t.Fatal(err)
		}
		lastUsed := func() time.Time {
			ts, err := svc.Tokens(ctx, u.ID)
			if err != nil || len(ts) != 1 || ts[0].LastUsedAt == nil {
				t.Fatalf("tokens %v, %v", ts, err)
			}
			return ts[0].LastUsedAt.UTC()
		}
		for _, step := range []struct {
			after time.Duration
			want  time.Time
		}{
			{0, now}, {30 * time.Second, now}, {account.TokenUseResolution, now.Add(30*time.Second + account.TokenUseResolution)},
		} {
			now = now.Add(step.after)
			if _, err := svc.UserByToken(ctx, secret); err != nil {
				t.Fatal(err)
			}
			if got := lastUsed(); !got.Equal(step.want) {
				t.Errorf("after +%s last used %s, want %s", step.after, got, step.want)
			}
		}
		if got, err := svc.UserByToken(ctx, secret); err != nil || got.ID != u.ID || got.Email != "tok@example.org" {
			t.Fatalf("owner of the token: %+v, %v", got, err)
		}
		if _, err := db.Exec(ctx, "UPDATE users SET disabled = ? WHERE id = ?", true, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.UserByToken(ctx, secret); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("token of a disabled account: %v", err)
		}
	})
}
