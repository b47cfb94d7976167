package orgsandbox

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestParticipantKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PZP", "PZP", "v", now, now)
		org := insert(t, db, "INSERT INTO organisations (name, created_at) VALUES (?, ?)", "Leverancier A", now)
		eng, err := New(Options{DB: db, BaseURL: "https://sandbox.test"})
		if err != nil {
			t.Fatal(err)
		}
		k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		pub, _ := orgauth.PublicJWK(&k.PublicKey, "mine-1")
		pb, _ := json.Marshal(pub)
		if kid, err := eng.RegisterPublicKey(ctx, "PZP", org, "Leverancier A", pb); err != nil || kid != "mine-1" {
			t.Fatalf("register: %q %v", kid, err)
		}
		if _, err := eng.RegisterPublicKey(ctx, "PZP", org, "Leverancier A", pb); !errors.Is(err, ErrKidTaken) {
			t.Fatalf("same kid twice: %v", err)
		}
		// A private key is refused, and nothing of it is stored.
		priv := strings.Replace(string(pb), `"kid"`, `"d":"c2VjcmV0","kid"`, 1)
		priv = strings.Replace(priv, "mine-1", "mine-2", 1)
		if _, err := eng.RegisterPublicKey(ctx, "PZP", org, "Leverancier A", []byte(priv)); err == nil || !strings.Contains(err.Error(), "privésleutel") {
			t.Fatalf("private JWK: %v", err)
		}
		// The key signs client assertions the hackathon's server accepts.
		h, _ := eng.get(ctx, "PZP")
		a, _ := orgauth.ClientAssertion(k, "mine-1", ClientID(org), eng.EndpointsOf("PZP").Token, now, time.Minute)
		form := map[string][]string{"grant_type": {orgauth.GrantClientCredentials}, "client_assertion_type": {orgauth.AssertionTypeJWT},
			"client_assertion": {a}, "scope": {"notification"}}
		if _, oe := h.as.Token(ctx, form, nil); oe != nil {
			t.Fatalf("token with a participant key: %v", oe)
		}
		// Downloads keep the newest MaxKeysPerOrigin test keys.
		for i := 0; i < MaxKeysPerOrigin+2; i++ {
			if _, err := eng.ParticipantBundle(ctx, "PZP", org, "Leverancier A", nil); err != nil {
				t.Fatal(err)
			}
		}
		var tests, own int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM twiin_client_keys WHERE origin = 'ketentest-test'").Scan(&tests)
		db.QueryRow(ctx, "SELECT COUNT(*) FROM twiin_client_keys WHERE origin = 'participant'").Scan(&own)
		if tests != MaxKeysPerOrigin || own != 1 {
			t.Fatalf("%d test keys, %d own keys", tests, own)
		}
		var stored string
		db.QueryRow(ctx, "SELECT jwk FROM twiin_client_keys WHERE origin = 'participant'").Scan(&stored)
		if strings.Contains(stored, `"d"`) {
			t.Fatal("a private member was stored")
		}
	})
}

func TestSharedAdoptsTheListenersSource(t *testing.T) {
	db := storetest.SQLite(t)
	web, err := Shared(Options{DB: db, BaseURL: "https://sandbox.test"})
	if err != nil {
		t.Fatal(err)
	}
	called := false
	src := func(context.Context, int64) (dossier.Source, map[string]string, error) {
		called = true
		return nil, nil, nil
	}
	listener, err := Shared(Options{DB: db, BaseURL: "https://sandbox.test/", Source: src})
	if err != nil || listener != web || Find(db, "https://sandbox.test") != web {
		t.Fatal("not one engine per database and URL")
	}
	now := time.Now().UTC()
	insert(t, db, "INSERT INTO hackathons (code, name, variant, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", "PZP", "PZP", "v", now, now)
	if _, err := web.get(context.Background(), "PZP"); err != nil || !called {
		t.Fatalf("the listener's source was not adopted: %v %v", err, called)
	}
}
