// Command dvalimit is the limit server of the DVA load test: it asks a
// running reference DVA once for the answer to each search of a TestScript
// and then serves exactly those bytes (status, content type, the DVA's
// fixed headers) from memory, checking only the bearer token. Loaded next
// to the DVA with the same client (`ketentest loadtest --compare`), it
// shows what HTTP over loopback allows on this machine; the DVA's share of
// that is the figure to watch.
//
//	go run ./bench/dvalimit --dva http://127.0.0.1:18443/48/fhir --token T \
//	  --script ../shared/fhir/testscripts/STU3/BgZ-3-0/Cert/PHR-Client/medmij-bgz-phr-1-1-retrieve-bgz.xml \
//	  --addr 127.0.0.1:18444
//
// It serves the searches under the DVA base URL's path, so the limit base
// is http://{addr}{path of --dva}. Only for loopback benchmarks.
package main

import (
	"crypto/subtle"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/pgoclient"
)

type answer struct {
	status int
	ct     string
	body   []byte
}

func main() {
	dva := flag.String("dva", "", "FHIR base URL of the running DVA, e.g. http://127.0.0.1:18443/48/fhir")
	token := flag.String("token", "", "bearer token for the DVA (and required by this server)")
	script := flag.String("script", "", "TestScript whose searches to serve")
	addr := flag.String("addr", "127.0.0.1:18444", "loopback address to listen on")
	flag.Parse()
	if err := run(*dva, *token, *script, *addr); err != nil {
		log.Fatal("dvalimit: ", err)
	}
}

func run(dva, token, script, addr string) error {
	if dva == "" || token == "" || script == "" {
		return errors.New("--dva, --token and --script are required")
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--addr %q must be a loopback address", addr)
	}
	base, err := url.Parse(strings.TrimSuffix(dva, "/"))
	if err != nil || base.Host == "" {
		return fmt.Errorf("--dva %q is not a URL", dva)
	}
	data, err := os.ReadFile(script)
	if err != nil {
		return err
	}
	searches, err := pgoclient.ScriptSearches(data)
	if err != nil || len(searches) == 0 {
		return fmt.Errorf("no searches in %s: %v", script, err)
	}
	answers := map[string]answer{}
	hc := &http.Client{Timeout: 30 * time.Second}
	for i, s := range searches {
		req, _ := http.NewRequest(http.MethodGet, base.String()+s.Path(), nil)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("MedMij-Request-ID", "dvalimit-"+strconv.Itoa(i))
		req.Header.Set("Accept", "application/fhir+json")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		answers[base.Path+s.Path()] = answer{resp.StatusCode, resp.Header.Get("Content-Type"), body}
	}
	want := []byte("Bearer " + token)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 || r.Header.Get("MedMij-Request-ID") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		a, ok := answers[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		hd := w.Header()
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Content-Type", a.ct)
		hd.Set("Content-Length", strconv.Itoa(len(a.body)))
		w.WriteHeader(a.status)
		w.Write(a.body)
	})
	fmt.Printf("dvalimit: %d answers from %s, serving on http://%s%s\n", len(answers), dva, addr, base.Path)
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}
