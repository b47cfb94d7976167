// Package orgsandbox composes, per hackathon, the care-provider-to-care-
// provider sandbox on the sandbox host: the hackathon's TEST root CA and
// TEST credential issuer (kept in twiin_hackathon_keys), the organisation
// authorization server (package orgauth) with the participants registered
// in twiin_clients, ketentest's own notification endpoint and base-guarded
// FHIR server (package twiin) and the addressing, localization and consent
// mocks (package gfmock), all under /h/{hackathon code}/twiin/ and behind
// mutual TLS 1.3 with a certificate of that hackathon's CA. It also makes
// a participant's TEST download: certificates, keys, a test credential and
// the steps, with private keys generated into the download only — never
// stored, never logged.
package orgsandbox

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"database/sql"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/testca"
)

// Keys are a hackathon's signing material.
type Keys struct {
	CA     *testca.CA
	Issuer *orgauth.CredentialIssuer
	// OrgKey signs ketentest's own client assertions as a sender.
	OrgKey *ecdsa.PrivateKey
}

func newPKCS8PEM() (string, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		return "", err
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})), nil
}

func parseECPEM(s string) (*ecdsa.PrivateKey, error) {
	b, _ := pem.Decode([]byte(s))
	if b == nil {
		return nil, errors.New("orgsandbox: key unreadable")
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		return nil, err
	}
	ek, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("orgsandbox: key is not ECDSA")
	}
	return ek, nil
}

// IssuerDID is the DID of a hackathon's test credential issuer.
func IssuerDID(host, code string) string {
	return orgauth.TestDID(host, code, "ketentest-issuer")
}

// LoadOrCreateKeys returns the hackathon's CA and issuer, making them on
// first use (concurrent first uses agree on one).
func LoadOrCreateKeys(ctx context.Context, db *store.DB, hid int64, code, host string, now time.Time) (*Keys, error) {
	var certPEM, caKey, issuerKey string
	err := db.QueryRow(ctx, "SELECT ca_cert, ca_key, issuer_key FROM twiin_hackathon_keys WHERE hackathon_id = ?", hid).Scan(&certPEM, &caKey, &issuerKey)
	if errors.Is(err, sql.ErrNoRows) {
		ca, err := testca.New(code, now)
		if err != nil {
			return nil, err
		}
		kp, err := ca.KeyPEM()
		if err != nil {
			return nil, err
		}
		ik, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, err
		}
		der, err := x509.MarshalPKCS8PrivateKey(ik)
		if err != nil {
			return nil, err
		}
		ikp := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
		if _, err := db.Exec(ctx, "INSERT INTO twiin_hackathon_keys (hackathon_id, ca_cert, ca_key, issuer_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (hackathon_id) DO NOTHING",
			hid, string(ca.CertPEM), string(kp), string(ikp), now.UTC()); err != nil {
			return nil, fmt.Errorf("orgsandbox: store keys: %w", err)
		}
		err = db.QueryRow(ctx, "SELECT ca_cert, ca_key, issuer_key FROM twiin_hackathon_keys WHERE hackathon_id = ?", hid).Scan(&certPEM, &caKey, &issuerKey)
		if err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	ca, err := testca.Load(code, []byte(certPEM), []byte(caKey))
	if err != nil {
		return nil, err
	}
	ek, err := parseECPEM(issuerKey)
	if err != nil {
		return nil, err
	}
	issuer, err := orgauth.NewCredentialIssuer(code, IssuerDID(host, code), ek)
	if err != nil {
		return nil, err
	}
	var orgKey string
	if err := db.QueryRow(ctx, "SELECT org_key FROM twiin_hackathon_keys WHERE hackathon_id = ?", hid).Scan(&orgKey); err != nil {
		return nil, err
	}
	if orgKey == "" {
		fresh, err := newPKCS8PEM()
		if err != nil {
			return nil, err
		}
		if _, err := db.Exec(ctx, "UPDATE twiin_hackathon_keys SET org_key = ? WHERE hackathon_id = ? AND org_key = ''", fresh, hid); err != nil {
			return nil, err
		}
		if err := db.QueryRow(ctx, "SELECT org_key FROM twiin_hackathon_keys WHERE hackathon_id = ?", hid).Scan(&orgKey); err != nil {
			return nil, err
		}
	}
	ok, err := parseECPEM(orgKey)
	if err != nil {
		return nil, err
	}
	return &Keys{CA: ca, Issuer: issuer, OrgKey: ok}, nil
}

// TestURA is the test URA of an organisation in the sandbox: 9 followed by
// the organisation id, 8 digits (ids up to 9,999,999).
func TestURA(orgID int64) string { return fmt.Sprintf("9%07d", orgID%10_000_000) }

// ClientID is an organisation's client id at a hackathon's server.
func ClientID(orgID int64) string { return fmt.Sprintf("org-%d", orgID) }

// Clients is the database-backed orgauth.ClientStore of one hackathon.
type Clients struct {
	DB          *store.DB
	HackathonID int64
	Code        string
	Host        string // sandbox host, for test DIDs
}

// Registered is an organisation's registration.
type Registered struct {
	Row      int64
	ClientID string
	URA      string
	Name     string
	DID      string
}

// Ensure registers organisation orgID (name) if it is not yet.
func (c *Clients) Ensure(ctx context.Context, orgID int64, name string, now time.Time) (*Registered, error) {
	id := ClientID(orgID)
	did := orgauth.TestDID(c.Host, c.Code, id)
	if _, err := c.DB.Exec(ctx, `INSERT INTO twiin_clients (hackathon_id, organisation_id, client_id, ura, name, did, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hackathon_id, organisation_id) DO NOTHING`, c.HackathonID, orgID, id, TestURA(orgID), name, did, now.UTC()); err != nil {
		return nil, fmt.Errorf("orgsandbox: register client: %w", err)
	}
	r := &Registered{}
	err := c.DB.QueryRow(ctx, "SELECT id, client_id, ura, name, did FROM twiin_clients WHERE hackathon_id = ? AND organisation_id = ?", c.HackathonID, orgID).
		Scan(&r.Row, &r.ClientID, &r.URA, &r.Name, &r.DID)
	return r, err
}

// AddKey registers a public key (JWK JSON without a private part).
func (c *Clients) AddKey(ctx context.Context, row int64, kid string, jwk []byte, origin string, now time.Time) error {
	if _, _, err := orgauth.ParseJWK(jwk); err != nil {
		return err
	}
	if kid == "" || len(kid) > 100 {
		return errors.New("kid ontbreekt of is te lang")
	}
	if _, err := c.DB.Exec(ctx, "INSERT INTO twiin_client_keys (client_row_id, kid, jwk, origin, created_at) VALUES (?, ?, ?, ?, ?)", row, kid, string(jwk), origin, now.UTC()); err != nil {
		if n := 0; c.DB.QueryRow(ctx, "SELECT COUNT(*) FROM twiin_client_keys WHERE client_row_id = ? AND kid = ?", row, kid).Scan(&n) == nil && n > 0 {
			return ErrKidTaken
		}
		return err
	}
	// Keep the newest MaxKeysPerOrigin keys of this origin.
	_, err := c.DB.Exec(ctx, `DELETE FROM twiin_client_keys WHERE client_row_id = ? AND origin = ? AND kid NOT IN
		(SELECT kid FROM twiin_client_keys WHERE client_row_id = ? AND origin = ? ORDER BY created_at DESC, kid DESC LIMIT ?)`, row, origin, row, origin, MaxKeysPerOrigin)
	return err
}

// MaxKeysPerOrigin is how many keys of one origin a client keeps; older
// ones are dropped (their client assertions stop working).
const MaxKeysPerOrigin = 10

// ErrKidTaken is returned when the client already has a key with that kid.
var ErrKidTaken = errors.New("kid is al in gebruik")

func (c *Clients) load(ctx context.Context, where string, arg any) (*orgauth.Client, error) {
	var row int64
	cl := &orgauth.Client{Hackathon: c.Code, Keys: map[string]crypto.PublicKey{}}
	err := c.DB.QueryRow(ctx, "SELECT id, client_id, ura, name, did FROM twiin_clients WHERE hackathon_id = ? AND "+where+" = ?", c.HackathonID, arg).
		Scan(&row, &cl.ID, &cl.URA, &cl.Name, &cl.DID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, orgauth.ErrUnknown
	}
	if err != nil {
		return nil, err
	}
	rows, err := c.DB.Query(ctx, "SELECT kid, jwk FROM twiin_client_keys WHERE client_row_id = ?", row)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kid, jwk string
		if err := rows.Scan(&kid, &jwk); err != nil {
			return nil, err
		}
		if k, _, err := orgauth.ParseJWK([]byte(jwk)); err == nil {
			cl.Keys[kid] = k
		}
	}
	return cl, rows.Err()
}

// Client implements orgauth.ClientStore.
func (c *Clients) Client(ctx context.Context, id string) (*orgauth.Client, error) {
	return c.load(ctx, "client_id", id)
}

// ClientByDID implements orgauth.ClientStore.
func (c *Clients) ClientByDID(ctx context.Context, did string) (*orgauth.Client, error) {
	return c.load(ctx, "did", did)
}

// List returns the registered organisations (for the directory mock).
func (c *Clients) List(ctx context.Context) ([]Registered, error) {
	rows, err := c.DB.Query(ctx, "SELECT id, client_id, ura, name, did FROM twiin_clients WHERE hackathon_id = ? ORDER BY id", c.HackathonID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Registered
	for rows.Next() {
		var r Registered
		if err := rows.Scan(&r.Row, &r.ClientID, &r.URA, &r.Name, &r.DID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func jwkJSON(k crypto.PublicKey, kid string) ([]byte, error) {
	j, err := orgauth.PublicJWK(k, kid)
	if err != nil {
		return nil, err
	}
	return json.Marshal(j)
}
