package orgauth

import (
	"context"
	"crypto"
	"errors"
	"strings"
	"sync"
	"time"
)

// ErrUnknown is returned by stores for an unknown key.
var ErrUnknown = errors.New("orgauth: unknown")

// ReplayStore remembers JWT ids until they expire. Seen reports whether
// key was seen before and, if not, records it until expiry, atomically.
// The engine uses MemReplay; a database-backed store (unique key with an
// expiry column) fits the same interface.
type ReplayStore interface {
	Seen(ctx context.Context, key string, until time.Time) (bool, error)
}

// MemReplay is an in-memory ReplayStore that drops expired ids.
type MemReplay struct {
	mu     sync.Mutex
	seen   map[string]time.Time
	now    func() time.Time
	sweeps int
}

// NewMemReplay returns an empty store; now may be nil (time.Now).
func NewMemReplay(now func() time.Time) *MemReplay {
	if now == nil {
		now = time.Now
	}
	return &MemReplay{seen: map[string]time.Time{}, now: now}
}

// Seen implements ReplayStore.
func (m *MemReplay) Seen(_ context.Context, key string, until time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if exp, ok := m.seen[key]; ok && exp.After(now) {
		return true, nil
	}
	m.seen[key] = until
	if m.sweeps++; m.sweeps >= 1024 {
		m.sweeps = 0
		for k, exp := range m.seen {
			if !exp.After(now) {
				delete(m.seen, k)
			}
		}
	}
	return false, nil
}

// Client is an organisation registered with a hackathon's authorization
// server: its client id, test URA and public keys.
type Client struct {
	ID        string // client id: iss = sub of its client assertions
	Hackathon string
	URA       string
	Name      string
	DID       string                      // test did:web of the organisation (Nuts variant)
	Keys      map[string]crypto.PublicKey // by kid; "" matches a JWS without kid
}

// key returns the key for kid; with one key and no kid that key.
func (c *Client) key(kid string) (crypto.PublicKey, bool) {
	if k, ok := c.Keys[kid]; ok {
		return k, true
	}
	if kid == "" && len(c.Keys) == 1 {
		for _, k := range c.Keys {
			return k, true
		}
	}
	if i := strings.LastIndexByte(kid, '#'); i > 0 && kid[:i] == c.DID {
		k, ok := c.Keys[kid[i+1:]]
		return k, ok
	}
	return nil, false
}

// ClientStore finds registered clients.
type ClientStore interface {
	Client(ctx context.Context, id string) (*Client, error)
	ClientByDID(ctx context.Context, did string) (*Client, error)
}

// MemClients is an in-memory ClientStore.
type MemClients struct {
	mu    sync.RWMutex
	byID  map[string]*Client
	byDID map[string]*Client
}

// NewMemClients returns a store with cs.
func NewMemClients(cs ...*Client) *MemClients {
	m := &MemClients{byID: map[string]*Client{}, byDID: map[string]*Client{}}
	for _, c := range cs {
		m.Put(c)
	}
	return m
}

// Put adds or replaces a client.
func (m *MemClients) Put(c *Client) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.byID[c.ID] = c
	if c.DID != "" {
		m.byDID[c.DID] = c
	}
}

// Client implements ClientStore.
func (m *MemClients) Client(_ context.Context, id string) (*Client, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if c, ok := m.byID[id]; ok {
		return c, nil
	}
	return nil, ErrUnknown
}

// ClientByDID implements ClientStore.
func (m *MemClients) ClientByDID(_ context.Context, did string) (*Client, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if c, ok := m.byDID[did]; ok {
		return c, nil
	}
	return nil, ErrUnknown
}

// Base is an authorization base: the opaque value a sender mints per
// notification, standing for the legal basis and scope of one pull.
type Base struct {
	Value      string // opaque, random
	Hackathon  string
	IssuerURA  string // the sending organisation (data holder)
	IssuedTo   string // URA of the receiving organisation, who may use it
	PatientBSN string
	Queries    []string // relative searches, e.g. "Condition" or "Observation?code=…"
	Reads      []string // "Type/id"
	NotAfter   time.Time
	Cancelled  bool
}

// Types returns the resource types the base covers.
func (b *Base) Types() []string {
	var out []string
	add := func(t string) {
		for _, s := range out {
			if s == t {
				return
			}
		}
		out = append(out, t)
	}
	for _, q := range b.Queries {
		t, _, _ := strings.Cut(q, "?")
		t, _, _ = strings.Cut(t, "/")
		add(t)
	}
	for _, r := range b.Reads {
		t, _, _ := strings.Cut(r, "/")
		add(t)
	}
	return out
}

// BaseStore keeps authorization bases.
type BaseStore interface {
	Base(ctx context.Context, value string) (*Base, error)
	PutBase(ctx context.Context, b *Base) error
}

// MemBases is an in-memory BaseStore.
type MemBases struct {
	mu sync.RWMutex
	m  map[string]*Base
}

// NewMemBases returns an empty store.
func NewMemBases() *MemBases { return &MemBases{m: map[string]*Base{}} }

// Base implements BaseStore (a copy).
func (m *MemBases) Base(_ context.Context, v string) (*Base, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if b, ok := m.m[v]; ok {
		c := *b
		return &c, nil
	}
	return nil, ErrUnknown
}

// PutBase implements BaseStore.
func (m *MemBases) PutBase(_ context.Context, b *Base) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *b
	m.m[b.Value] = &c
	return nil
}

// Token is an issued access token (kept by the hash of its value).
type Token struct {
	Hackathon string
	ClientID  string
	URA       string // requesting organisation
	Base      string // authorization base value ("" for a use-case scope)
	Scope     string
	IssuedAt  time.Time
	Expires   time.Time
	JKT       string // DPoP key thumbprint when bound
}

// TokenStore keeps issued tokens by the SHA-256 of their value.
type TokenStore interface {
	PutToken(ctx context.Context, hash string, t *Token) error
	Token(ctx context.Context, hash string) (*Token, error)
}

// MemTokens is an in-memory TokenStore that drops expired tokens.
type MemTokens struct {
	mu     sync.RWMutex
	m      map[string]*Token
	puts   int
	nowFor func() time.Time
}

// NewMemTokens returns an empty store.
func NewMemTokens(now func() time.Time) *MemTokens {
	if now == nil {
		now = time.Now
	}
	return &MemTokens{m: map[string]*Token{}, nowFor: now}
}

// PutToken implements TokenStore.
func (m *MemTokens) PutToken(_ context.Context, h string, t *Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[h] = t
	if m.puts++; m.puts >= 4096 {
		m.puts = 0
		now := m.nowFor()
		for k, v := range m.m {
			if !v.Expires.After(now) {
				delete(m.m, k)
			}
		}
	}
	return nil
}

// Token implements TokenStore.
func (m *MemTokens) Token(_ context.Context, h string) (*Token, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if t, ok := m.m[h]; ok {
		return t, nil
	}
	return nil, ErrUnknown
}
