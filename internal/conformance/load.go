package conformance

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/fhir"
)

// MaxFileSize bounds one file read from a folder or package (the largest
// core bundle, profiles-resources.json, is 35 MB).
const MaxFileSize = 64 << 20

// maxPackageSize bounds the unpacked content of one package.tgz.
const maxPackageSize = 512 << 20

// Resource is one loaded conformance resource.
type Resource struct {
	URL     string // canonical url
	Version string // business version, may be ""
	Type    string // resource type, e.g. "StructureDefinition"
	Name    string
	Source  string // the file (and, for bundles, entry) it came from

	// parsed is the resource; a resource read from a cache file is parsed
	// from raw on first use (see [Resource.Parsed]).
	parsed  *fhir.Resource
	raw     []byte
	version fhir.Version
	once    sync.Once
}

// Parsed returns the parsed resource. Resources loaded from a definitions
// cache ([LoadCached]) are parsed on first use; safe for concurrent use.
func (r *Resource) Parsed() *fhir.Resource {
	r.once.Do(func() {
		if r.parsed != nil {
			return
		}
		p, err := fhir.ParseOptions{Version: r.version}.ParseJSON(r.raw)
		if err != nil {
			// the cache is checksummed, so this means a bug in the
			// writer; keep callers safe with an empty resource.
			p = fhir.NewResource(r.version, r.Type)
		}
		r.parsed, r.raw = p, nil
	})
	return r.parsed
}

// Problem is a file inside a loaded folder or package that could not be
// read as FHIR; loading goes on without it.
type Problem struct {
	File string
	Err  error
}

func (p Problem) Error() string { return p.File + ": " + p.Err.Error() }

// Set is an index of loaded conformance resources. The zero value is not
// usable; call [NewSet].
type Set struct {
	byURL    map[string][]*Resource
	Problems []Problem
	snaps    map[string]*snapResult
	mu       sync.Mutex // guards snaps during Snapshot
}

// NewSet returns an empty set.
func NewSet() *Set {
	return &Set{byURL: map[string][]*Resource{}, snaps: map[string]*snapResult{}}
}

// Len returns the number of indexed resources.
func (s *Set) Len() int {
	n := 0
	for _, rs := range s.byURL {
		n += len(rs)
	}
	return n
}

// Lookup finds a resource by canonical; "url|version" selects a version,
// a plain url the last loaded one.
func (s *Set) Lookup(canonical string) *Resource {
	url, ver, _ := strings.Cut(canonical, "|")
	rs := s.byURL[url]
	if ver == "" {
		if len(rs) == 0 {
			return nil
		}
		return rs[len(rs)-1]
	}
	for _, r := range rs {
		if r.Version == ver {
			return r
		}
	}
	return nil
}

// All returns the resources of type typ (all when typ is ""), sorted by url.
func (s *Set) All(typ string) []*Resource {
	var out []*Resource
	for _, rs := range s.byURL {
		for _, r := range rs {
			if typ == "" || r.Type == typ {
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].URL < out[j].URL || out[i].URL == out[j].URL && out[i].Version < out[j].Version
	})
	return out
}

// Add indexes one parsed resource; a Bundle adds its entries. Resources
// without a url are ignored (they are not conformance resources).
func (s *Set) Add(source string, r *fhir.Resource) {
	if r.Type() == "Bundle" {
		for i, e := range r.Root.ChildrenNamed("entry") {
			if res := e.Child("resource"); res != nil && res.IsResource() {
				s.Add(fmt.Sprintf("%s#entry[%d]", source, i), &fhir.Resource{Root: res, Version: r.Version})
			}
		}
		return
	}
	url := r.String("url")
	if url == "" {
		return
	}
	if s.snaps != nil {
		clear(s.snaps)
	}
	s.index(&Resource{URL: url, Version: r.String("version"), Type: r.Type(), Name: r.String("name"), Source: source, parsed: r, version: r.Version})
}

// index adds res to byURL, replacing one with the same version.
func (s *Set) index(res *Resource) {
	rs := s.byURL[res.URL]
	for i, old := range rs {
		if old.Version == res.Version {
			rs[i] = res
			return
		}
	}
	s.byURL[res.URL] = append(rs, res)
}

// LoadBytes parses data (FHIR JSON or XML) and indexes it; name is used in
// errors.
func (s *Set) LoadBytes(name string, data []byte) error {
	if len(data) > MaxFileSize {
		return fmt.Errorf("%s: %d bytes is more than the limit of %d", name, len(data), MaxFileSize)
	}
	r, err := fhir.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	s.Add(name, r)
	return nil
}

// Load reads path: a package.tgz (or .tar.gz), a folder (an unpacked
// package, a cache entry <id>#<version> with a package/ folder inside, or
// any folder of XML/JSON files, searched recursively) or one XML or JSON
// file (a resource or a Bundle). Files in a folder that are not FHIR are
// recorded in s.Problems; a path that cannot be read at all, or a .tgz
// that is not a FHIR package, is an error.
func (s *Set) Load(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("definitions %s: %w", path, err)
	}
	if st.IsDir() {
		if sub := filepath.Join(path, "package"); isDir(sub) {
			path = sub
		}
		return s.loadDir(path)
	}
	if st.Size() > MaxFileSize {
		return fmt.Errorf("%s: %d bytes is more than the limit of %d", path, st.Size(), MaxFileSize)
	}
	if strings.HasSuffix(path, ".tgz") || strings.HasSuffix(path, ".tar.gz") {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return s.LoadPackage(path, f)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return s.LoadBytes(path, data)
}

// CachePath returns the folder of package id#version in the standard FHIR
// package cache under home (~/.fhir/packages/<id>#<version>/package).
func CachePath(home, id, version string) string {
	return filepath.Join(home, ".fhir", "packages", id+"#"+version, "package")
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// skipFile reports files of a package that are not resources.
func skipFile(name string) bool {
	base := filepath.Base(name)
	switch base {
	case "package.json", ".index.json", "fhirpkg.lock.json", "folder.settings.json":
		return true
	}
	ext := strings.ToLower(filepath.Ext(base))
	return ext != ".json" && ext != ".xml"
}

func (s *Set) loadDir(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("definitions %s: %w", p, err)
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if skipFile(p) || !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > MaxFileSize {
			s.Problems = append(s.Problems, Problem{p, fmt.Errorf("%d bytes is more than the limit of %d", info.Size(), MaxFileSize)})
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := s.loadFile(p, data); err != nil {
			s.Problems = append(s.Problems, Problem{p, err})
		}
		return nil
	})
}

func (s *Set) loadFile(name string, data []byte) error {
	r, err := fhir.Parse(data)
	if err != nil {
		return err
	}
	s.Add(name, r)
	return nil
}

// ErrNotPackage is returned for an archive that is not a FHIR package.
var ErrNotPackage = errors.New("not a FHIR package")

// LoadPackage reads a FHIR NPM package (gzip-compressed tar with
// package/package.json) from r; name is used in errors.
func (s *Set) LoadPackage(name string, r io.Reader) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("%s: %w: not gzip-compressed (%v)", name, ErrNotPackage, err)
	}
	tr := tar.NewReader(gz)
	var total int64
	found := false
	tmp := NewSet()
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w: broken tar archive (%v)", name, ErrNotPackage, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		p := strings.TrimPrefix(h.Name, "./")
		if p == "package/package.json" {
			found = true
		}
		if !strings.HasPrefix(p, "package/") || strings.HasPrefix(p, "package/other/") ||
			strings.HasPrefix(p, "package/openapi/") || skipFile(p) {
			continue
		}
		if h.Size > MaxFileSize {
			tmp.Problems = append(tmp.Problems, Problem{name + ":" + p, fmt.Errorf("%d bytes is more than the limit of %d", h.Size, MaxFileSize)})
			continue
		}
		total += h.Size
		if total > maxPackageSize {
			return fmt.Errorf("%s: unpacked content is more than the limit of %d bytes", name, maxPackageSize)
		}
		var buf bytes.Buffer
		if _, err := io.Copy(&buf, io.LimitReader(tr, MaxFileSize+1)); err != nil {
			return fmt.Errorf("%s: %s: %w", name, p, err)
		}
		if err := tmp.loadFile(name+":"+p, buf.Bytes()); err != nil {
			tmp.Problems = append(tmp.Problems, Problem{name + ":" + p, err})
		}
	}
	if !found {
		return fmt.Errorf("%s: %w: no package/package.json", name, ErrNotPackage)
	}
	clear(s.snaps)
	for _, rs := range tmp.byURL {
		for _, r := range rs {
			s.index(r)
		}
	}
	s.Problems = append(s.Problems, tmp.Problems...)
	return nil
}
