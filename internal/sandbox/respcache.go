package sandbox

import (
	"sync"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
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
	base, typ, handled string
	offset             int
	lastn              bool
	format             fhir.Format
}

type searchCache struct {
	mu    sync.Mutex
	m     map[searchKey][]byte
	bytes int
}

func (c *searchCache) get(k searchKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.m[k]
	return b, ok
}

func (c *searchCache) put(k searchKey, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= searchCacheEntries || c.bytes+len(b) > searchCacheBytes {
		c.m, c.bytes = map[searchKey][]byte{}, 0
	}
	if len(b) > searchCacheBytes/8 {
		return // a huge answer (a bommendossier) is not worth keeping
	}
	c.m[k] = b
	c.bytes += len(b)
}
