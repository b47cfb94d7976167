package conformance

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// The definitions cache.
//
// Parsing the R4 core package (69 MB of JSON) and generating the snapshots
// of the Dutch profiles, which ship differentials only, costs about a
// second and a half of CPU time; [LoadCached] does it once per combination
// of definition paths and keeps the result in one file under a cache
// folder. A later start reads that file, indexes every resource by url
// and parses a resource (or a generated snapshot) only when it is first
// looked up, so start-up costs a file read and the memory of the raw
// bytes.
//
// The cache file is named after a SHA-256 key over the cache format, the
// absolute paths in order and, for every regular file under them, its
// relative name, size and modification time: changing, adding or removing
// any file gives a new key (the old file is left for the user to remove;
// [CacheFiles] lists them). Its content is the blob of compact JSON, the
// gob-encoded index into it and a CRC-32C (see [Set.writeCache]). A file
// that does not verify is ignored and rebuilt.

// cacheFormat changes whenever the file layout or the meaning of its
// content changes (e.g. the snapshot generator's output).
const cacheFormat = "ketentest-defs-4"

var cacheMagic = []byte("KTDEFS02")

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// DefaultCacheDir returns the folder for definitions caches: the user
// cache folder (e.g. ~/.cache/ketentest/fhir-definitions), or "" when the
// system has none.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "ketentest", "fhir-definitions")
}

type cacheIndex struct {
	Entries  []cacheEntry
	Snaps    []cacheSnap
	Problems []cacheProblem
}

type cacheEntry struct {
	URL, Version, Type, Name, Source string
	FHIR                             fhir.Version
	Off, Len                         int
}

type cacheSnap struct {
	URL      string
	Type     string
	Off, Len int // a StructureDefinition with just snapshot.element
	Warnings []string
	Err      string
	FHIR     fhir.Version
}

type cacheProblem struct{ File, Err string }

// CacheInfo tells what [LoadCached] did.
type CacheInfo struct {
	File string // the cache file ("" without a cache folder)
	Hit  bool   // the file was read (else the definitions were parsed)
	// WriteErr is set when a fresh cache could not be written; the
	// returned Set is complete anyway.
	WriteErr error
}

// LoadCached loads paths (as [Set.Load], in order) into a new Set through
// the cache in dir; an empty dir loads without a cache. On a miss it
// loads the paths, generates the snapshots of every StructureDefinition
// that has none and writes the cache file; on a hit it reads the file.
func LoadCached(dir string, paths ...string) (*Set, CacheInfo, error) {
	var info CacheInfo
	if dir == "" {
		s, err := loadPaths(paths)
		return s, info, err
	}
	key, err := cacheKey(paths)
	if err != nil {
		return nil, info, err
	}
	info.File = filepath.Join(dir, key+".defs")
	if data, err := os.ReadFile(info.File); err == nil {
		if s, err := readCache(data); err == nil {
			info.Hit = true
			return s, info, nil
		}
	}
	s, err := loadPaths(paths)
	if err != nil {
		return nil, info, err
	}
	info.WriteErr = s.writeCache(dir, info.File)
	return s, info, nil
}

func loadPaths(paths []string) (*Set, error) {
	s := NewSet()
	for _, p := range paths {
		if err := s.Load(p); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// cacheKey hashes the cache format and what identifies the content of
// paths: absolute names, and name, size and mtime of every file under
// them.
func cacheKey(paths []string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", cacheFormat)
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "path %q\n", abs)
		var lines []string
		err = filepath.WalkDir(abs, func(f string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("definitions %s: %w", f, err)
			}
			if !d.Type().IsRegular() {
				return nil
			}
			st, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(abs, f)
			lines = append(lines, fmt.Sprintf("%q %d %d", rel, st.Size(), st.ModTime().UnixNano()))
			return nil
		})
		if err != nil {
			return "", err
		}
		sort.Strings(lines)
		fmt.Fprintln(h, strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

// writeCache generates all snapshots and writes the cache file atomically:
// magic, the blob of compact JSON (streamed, so it is never all in
// memory), the gob-encoded index, the index size (uint64) and a CRC-32C
// over everything between the magic and the CRC.
func (s *Set) writeCache(dir, file string) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("definitions cache: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".defs-*")
	if err != nil {
		return fmt.Errorf("definitions cache: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("definitions cache: %w", err)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if _, err := bw.Write(cacheMagic); err != nil {
		return err
	}
	sum := crc32.New(crcTable)
	w := io.MultiWriter(bw, sum)
	off := 0
	put := func(r *fhir.Resource) (int, int, error) {
		data, err := fhir.MarshalJSON(r)
		if err != nil {
			return 0, 0, err
		}
		if _, err := w.Write(data); err != nil {
			return 0, 0, err
		}
		off += len(data)
		return off - len(data), len(data), nil
	}
	var idx cacheIndex
	for _, r := range s.All("") {
		p := r.Parsed()
		o, n, err := put(p)
		if err != nil {
			return fmt.Errorf("%s: %w", r.Source, err)
		}
		idx.Entries = append(idx.Entries, cacheEntry{URL: r.URL, Version: r.Version, Type: r.Type, Name: r.Name, Source: r.Source, FHIR: p.Version, Off: o, Len: n})
	}
	// generate the snapshot of every definition without one
	for _, r := range s.All("StructureDefinition") {
		root := r.Parsed().Root
		if sn := root.Child("snapshot"); sn != nil && len(sn.ChildrenNamed("element")) > 0 {
			continue
		}
		if s.Lookup(r.URL) != r {
			continue // an older version; Snapshot works by plain url
		}
		snap, err := s.Snapshot(r.URL)
		cs := cacheSnap{URL: r.URL, FHIR: r.Parsed().Version}
		if err != nil {
			cs.Err = err.Error()
		} else {
			cs.Type, cs.Warnings = snap.Type, snap.Warnings
			holder := fhir.NewResource(cs.FHIR, "StructureDefinition")
			sn := &fhir.Node{Name: "snapshot"}
			for _, e := range snap.Elements {
				c := grouped(e)
				c.Name, c.Array = "element", true
				sn.Children = append(sn.Children, c)
			}
			holder.Root.Children = append(holder.Root.Children, sn)
			if cs.Off, cs.Len, err = put(holder); err != nil {
				cs.Err = "snapshot could not be cached: " + err.Error()
			}
		}
		idx.Snaps = append(idx.Snaps, cs)
	}
	for _, p := range s.Problems {
		idx.Problems = append(idx.Problems, cacheProblem{p.File, p.Err.Error()})
	}
	var body bytes.Buffer
	if err := gob.NewEncoder(&body).Encode(&idx); err != nil {
		return err
	}
	var size [8]byte
	binary.LittleEndian.PutUint64(size[:], uint64(body.Len()))
	if _, err := w.Write(body.Bytes()); err != nil {
		return err
	}
	if _, err := w.Write(size[:]); err != nil {
		return err
	}
	var crc [4]byte
	binary.LittleEndian.PutUint32(crc[:], sum.Sum32())
	if _, err := bw.Write(crc[:]); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}

var errBadCache = errors.New("not a valid definitions cache file")

// readCache builds a Set over the cache file content; resources and
// snapshots are parsed lazily from data.
func readCache(data []byte) (*Set, error) {
	n := len(cacheMagic)
	if len(data) < n+12 || !bytes.Equal(data[:n], cacheMagic) {
		return nil, errBadCache
	}
	content, crc := data[n:len(data)-4], data[len(data)-4:]
	if crc32.Checksum(content, crcTable) != binary.LittleEndian.Uint32(crc) {
		return nil, errBadCache
	}
	size := binary.LittleEndian.Uint64(content[len(content)-8:])
	content = content[:len(content)-8]
	if size > uint64(len(content)) {
		return nil, errBadCache
	}
	blob := content[:len(content)-int(size)]
	var idx cacheIndex
	if err := gob.NewDecoder(bytes.NewReader(content[len(blob):])).Decode(&idx); err != nil {
		return nil, errBadCache
	}
	in := func(off, l int) bool { return off >= 0 && l >= 0 && off+l <= len(blob) }
	s := NewSet()
	for _, e := range idx.Entries {
		if !in(e.Off, e.Len) {
			return nil, errBadCache
		}
		s.index(&Resource{URL: e.URL, Version: e.Version, Type: e.Type, Name: e.Name, Source: e.Source, version: e.FHIR, raw: blob[e.Off : e.Off+e.Len : e.Off+e.Len]})
	}
	for _, c := range idx.Snaps {
		if c.Err != "" {
			s.snaps[c.URL] = &snapResult{err: errors.New(c.Err)}
			continue
		}
		if !in(c.Off, c.Len) {
			return nil, errBadCache
		}
		s.snaps[c.URL] = &snapResult{raw: blob[c.Off : c.Off+c.Len : c.Off+c.Len], snap: &Snapshot{URL: c.URL, Type: c.Type, Warnings: c.Warnings}, version: c.FHIR}
	}
	for _, p := range idx.Problems {
		s.Problems = append(s.Problems, Problem{p.File, errors.New(p.Err)})
	}
	return s, nil
}

// load parses a cached snapshot (called with Set.mu held).
func (r *snapResult) load() {
	p, err := fhir.ParseOptions{Version: r.version}.ParseJSON(r.raw)
	r.raw = nil
	if err != nil {
		r.snap, r.err = nil, fmt.Errorf("cached snapshot of %s: %w", r.snap.URL, err)
		return
	}
	r.snap.Elements = p.Root.Child("snapshot").ChildrenNamed("element")
}

// CacheFiles lists the cache files in dir (for clean-up).
func CacheFiles(dir string) ([]string, error) {
	return filepath.Glob(filepath.Join(dir, "*.defs"))
}

// grouped returns a copy of n whose repeating children are consecutive
// (the snapshot generator may append, say, a second alias after other
// children; JSON needs one array per name).
func grouped(n *fhir.Node) *fhir.Node {
	c := *n
	if len(n.Children) == 0 {
		return &c
	}
	order := []string{}
	by := map[string][]*fhir.Node{}
	for _, k := range n.Children {
		if _, ok := by[k.Name]; !ok {
			order = append(order, k.Name)
		}
		by[k.Name] = append(by[k.Name], grouped(k))
	}
	c.Children = make([]*fhir.Node, 0, len(n.Children))
	for _, name := range order {
		c.Children = append(c.Children, by[name]...)
	}
	return &c
}
