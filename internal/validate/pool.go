package validate

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/conformance"
	"github.com/ketentest/ketentest/internal/fhir"
)

// Pool hands out one Validator per FHIR version to the server-side users
// ($validate on the reference DVA, the web page, the reference PGO
// client), loading each version's definitions once, on first use, through
// the definitions cache. Safe for concurrent use.
type Pool struct {
	cacheDir string
	paths    map[fhir.Version][]string
	mu       sync.Mutex
	loaded   map[fhir.Version]*poolEntry
}

type poolEntry struct {
	once sync.Once
	v    *Validator
	err  error
}

// ErrNoDefinitions is returned for a FHIR version without configured
// definitions.
var ErrNoDefinitions = errors.New("no FHIR definitions configured for this FHIR version")

// NewPool returns a pool over the definition paths per version (each a
// package, folder or file as for ketentest validate --package), cached in
// cacheDir ("" for no cache).
func NewPool(cacheDir string, paths map[fhir.Version][]string) *Pool {
	return &Pool{cacheDir: cacheDir, paths: paths, loaded: map[fhir.Version]*poolEntry{}}
}

// For returns the validator of version v, loading its definitions on the
// first call; ErrNoDefinitions when none are configured.
func (p *Pool) For(v fhir.Version) (*Validator, error) {
	if p == nil || len(p.paths[v]) == 0 {
		return nil, fmt.Errorf("%w (%s)", ErrNoDefinitions, v)
	}
	p.mu.Lock()
	e := p.loaded[v]
	if e == nil {
		e = &poolEntry{}
		p.loaded[v] = e
	}
	p.mu.Unlock()
	e.once.Do(func() {
		set, _, err := conformance.LoadCached(p.cacheDir, p.paths[v]...)
		if err != nil {
			e.err = fmt.Errorf("FHIR %s definitions: %w", v, err)
			return
		}
		e.v = New(set)
	})
	return e.v, e.err
}

// Configured reports whether definitions are configured for v.
func (p *Pool) Configured(v fhir.Version) bool { return p != nil && len(p.paths[v]) > 0 }

var (
	defaultMu   sync.Mutex
	defaultPool *Pool
)

// DefaultPool returns the process-wide pool set by [SetDefaultPool] (the
// serve command builds it from KETENTEST_FHIR_PACKAGES_R4 and _STU3, see
// [PoolFromLists]); without one it has no definitions and For answers
// ErrNoDefinitions.
func DefaultPool() *Pool {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	if defaultPool == nil {
		defaultPool = NewPool("", nil)
	}
	return defaultPool
}

// PoolFromLists builds a pool from path lists (separated by the OS path
// list separator, ":" on Unix) per version, cached in cacheDir.
func PoolFromLists(cacheDir string, lists map[fhir.Version]string) *Pool {
	paths := map[fhir.Version][]string{}
	for v, list := range lists {
		for _, p := range filepath.SplitList(list) {
			if p = strings.TrimSpace(p); p != "" {
				paths[v] = append(paths[v], p)
			}
		}
	}
	return NewPool(cacheDir, paths)
}

// SetDefaultPool replaces the process-wide pool (for wiring and tests); it
// returns the previous one.
func SetDefaultPool(p *Pool) *Pool {
	defaultMu.Lock()
	defer defaultMu.Unlock()
	old := defaultPool
	defaultPool = p
	return old
}
