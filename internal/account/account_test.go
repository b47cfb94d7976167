package account_test

import (
	"context"
	"errors"
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
		for i := 0; i < th.MaxPerAccount; i++ {
			if _, err := s.Authenticate(ctx, th, "lead@example.org", "wrong", "10.0.0.1"); !errors.Is(err, account.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, err := s.Authenticate(ctx, th, "lead@example.org", "long enough pw", "10.0.0.2"); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("after %d failures a good password must be throttled, got %v", th.MaxPerAccount, err)
		}
		// The window passes.
		s.Now = func() time.Time { return time.Now().UTC().Add(16 * time.Minute) }
		if _, err := s.Authenticate(ctx, th, "lead@example.org", "long enough pw", "10.0.0.2"); err != nil {
			t.Fatalf("after the window: %v", err)
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

func TestThrottlePerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newService(db)
		th := account.NewThrottle(db)
		th.MaxPerAddress = 3
		ctx := context.Background()
		s.Create(ctx, account.NewUser{Email: "x@example.org", Name: "X", Password: "long enough pw"})
		for i := 0; i < 3; i++ {
			s.Authenticate(ctx, th, "nobody"+string(rune('a'+i))+"@example.org", "pw", "10.9.9.9")
		}
		if _, err := s.Authenticate(ctx, th, "x@example.org", "long enough pw", "10.9.9.9"); !errors.Is(err, account.ErrThrottled) {
			t.Fatalf("address with many failures not throttled: %v", err)
		}
		if _, err := s.Authenticate(ctx, th, "x@example.org", "long enough pw", "10.9.9.10"); err != nil {
			t.Fatalf("other address: %v", err)
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
