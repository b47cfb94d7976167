package sandbox

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/fhirsearch"
	"github.com/ketentest/ketentest/internal/redact"
)

// A patient's dossier of one version never changes, so the rendered answer
// to a search on it is the same every time: the searchset cache keeps the
// bytes, keyed by the dossier (a new version is a new *dossier.Dossier), the
// base URL, the type, the handled query and the format. Serialising the
// Bundle is most of the cost of a search; a PGO repeating the BgZ queries
// (and a load test) gets them from here. The cache is bounded by entries and
// bytes and simply emptied when full.
const (
	searchCacheEntries = 4096
	searchCacheBytes   = 64 << 20
)

type searchKey struct {
	dos                *dossier.Dossier
	day                time.Time // the date placeholders were resolved for
	base, typ, handled string
	offset             int
	lastn              bool
	format             fhir.Format
}

type searchCache struct {
	mu    sync.Mutex
	m     map[searchKey]*cachedBody
	bytes int
}

// cachedBody is a rendered searchset. What the traffic record keeps of it
// (the body masked, cut to MaxRecordedResponseBody, and its hash; the
// response headers as JSON) is worked out once, on its first recording:
// a repeated search costs the recorder no copy, scan or hash of the body.
type cachedBody struct {
	body []byte

	once      sync.Once
	rec       string // body as recorded
	recHash   string
	recCut    bool
	headsOnce sync.Once
	headsJSON string
}

// recorded returns the body as the traffic record keeps it.
func (c *cachedBody) recorded(contentType string) (string, string, bool) {
	c.once.Do(func() {
		b := c.body
		if len(b) > MaxRecordedResponseBody {
			b, c.recCut = b[:MaxRecordedResponseBody], true
		}
		c.rec, c.recHash = cleanBody(redact.Body(contentType, b))
	})
	return c.rec, c.recHash, c.recCut
}

// heads returns the response headers as recorded; they are the same for
// every answer from this entry.
func (c *cachedBody) heads(h http.Header) string {
	c.headsOnce.Do(func() { c.headsJSON = headersJSON(h) })
	return c.headsJSON
}

func (c *searchCache) get(k searchKey) (*cachedBody, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[k]
	return b, ok
}

func (c *searchCache) put(k searchKey, b []byte) *cachedBody {
	e := &cachedBody{body: b}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= searchCacheEntries || c.bytes+len(b) > searchCacheBytes {
		c.m, c.bytes = map[searchKey]*cachedBody{}, 0
	}
	if len(b) > searchCacheBytes/8 {
		return e // a huge answer (a bommendossier) is not worth keeping
	}
	c.m[k] = e
	c.bytes += len(b)
	return e
}

// parsedQuery is a cached ParseQuery result.
type parsedQuery struct {
	q   *fhirsearch.Query
	err error
}

type queryKey struct {
	v        fhir.Version
	typ, raw string
	lastn    bool
}

// queryCache keeps parsed queries: a PGO sends the same few searches over
// and over, and a parsed Query is never changed.
type queryCache struct {
	mu sync.Mutex
	m  map[queryKey]parsedQuery
}

const queryCacheEntries = 4096

func (c *queryCache) parse(v fhir.Version, typ, raw string, lastn bool) (*fhirsearch.Query, error) {
	k := queryKey{v, typ, raw, lastn}
	c.mu.Lock()
	p, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return p.q, p.err
	}
	q, err := ParseQuery(v, typ, raw, lastn)
	if len(raw) <= 2048 {
		c.mu.Lock()
		if c.m == nil || len(c.m) >= queryCacheEntries {
			c.m = map[queryKey]parsedQuery{}
		}
		c.m[k] = parsedQuery{q, err}
		c.mu.Unlock()
	}
	return q, err
}

// dossierCache keeps the dossier behind each patient key of a
// *dossier.Store for a short while: looking up the latest version is a
// database query, per request the largest cost of a cached search. An
// entry holds while dossier.Generation is unchanged (every change this
// process makes is seen at once) and for at most dossierCacheTTL (changes
// by another instance on the same database).
type dossierCache struct {
	mu sync.Mutex
	m  map[string]cachedDossier
}

type cachedDossier struct {
	dos  *dossier.Dossier
	gen  int64
	when time.Time
}

const (
	dossierCacheTTL     = 2 * time.Second
	dossierCacheEntries = 4096
)

func (c *dossierCache) lookup(ctx context.Context, src dossier.Source, key string) (*dossier.Dossier, error) {
	if _, ok := src.(*dossier.Store); !ok {
		return src.Dossier(ctx, key)
	}
	gen, now := dossier.Generation(), time.Now()
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.gen == gen && now.Sub(e.when) < dossierCacheTTL {
		return e.dos, nil
	}
	dos, err := src.Dossier(ctx, key)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= dossierCacheEntries {
		c.m = map[string]cachedDossier{}
	}
	c.m[key] = cachedDossier{dos, gen, now}
	c.mu.Unlock()
	return dos, nil
}
