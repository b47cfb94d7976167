package orgsandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"sync"
	"time"
)

// caCacheTTL is how long the listener's list of hackathon CAs is reused.
const caCacheTTL = 30 * time.Second

type caCache struct {
	mu   sync.Mutex
	pool *x509.CertPool
	at   time.Time
}

// ClientCAs returns a pool of every hackathon's TEST CA, for the
// certificate_authorities a shared listener announces (so that browsers
// offer only test certificates). It does not replace the per-hackathon
// check in ServeHTTP.
func (e *Engine) ClientCAs(ctx context.Context) (*x509.CertPool, error) {
	e.cas.mu.Lock()
	defer e.cas.mu.Unlock()
	if e.cas.pool != nil && time.Since(e.cas.at) < caCacheTTL {
		return e.cas.pool, nil
	}
	rows, err := e.opts.DB.Query(ctx, "SELECT ca_cert FROM twiin_hackathon_keys")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	pool := x509.NewCertPool()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if b, _ := pem.Decode([]byte(s)); b != nil {
			if c, err := x509.ParseCertificate(b.Bytes); err == nil {
				pool.AddCert(c)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	e.cas.pool, e.cas.at = pool, time.Now()
	return pool, nil
}

// ListenerTLS adapts a sandbox listener's TLS configuration: client
// certificates are requested (not required: the reference DVA's browser
// pages share the listener) with the hackathon CAs announced; each
// hackathon's endpoints verify them and require TLS 1.3 themselves.
func (e *Engine) ListenerTLS(base *tls.Config) *tls.Config {
	c := base.Clone()
	c.ClientAuth = tls.RequestClientCert
	c.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		pool, err := e.ClientCAs(hello.Context())
		if err != nil {
			return nil, nil // keep the base configuration
		}
		cc := base.Clone()
		cc.ClientAuth = tls.RequestClientCert
		cc.ClientCAs = pool
		return cc, nil
	}
	return c
}
