package testscript

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/ketentest/ketentest/internal/fhir"
)

// A script set is a folder of TestScripts on the server, one direction of
// a Nictiz qualification set: a folder named XIS-Server (scripts that test
// a server) or PHR-Client (scripts that describe what a client must send)
// below the configured sets directory, e.g.
// STU3/BgZ-3-0/Test/XIS-Server. Fixtures resolve relative to each script
// and must stay inside the sets directory.

// Set directions.
const (
	ServerSet = "XIS-Server"
	ClientSet = "PHR-Client"
)

// SetInfo is one script set.
type SetInfo struct {
	ID        string // path below the sets directory, with forward slashes
	Direction string // ServerSet or ClientSet
}

var (
	setsMu  sync.Mutex
	setsDir string
)

// SetSetsDir sets the process-wide directory of script sets (the serve
// command: KETENTEST_TESTSCRIPTS_DIR); "" means none.
func SetSetsDir(dir string) {
	setsMu.Lock()
	defer setsMu.Unlock()
	setsDir = dir
}

// SetsDir is the directory set by SetSetsDir.
func SetsDir() string {
	setsMu.Lock()
	defer setsMu.Unlock()
	return setsDir
}

// ErrNoSet is returned for a set id that is not a set of the directory.
var ErrNoSet = errors.New("testscript: no such script set")

// ListSets lists the script sets below dir (at most five levels deep),
// sorted by id; a missing or empty dir has none.
func ListSets(dir string) ([]SetInfo, error) {
	if dir == "" {
		return nil, nil
	}
	var out []SetInfo
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "_reference" || d.Name() == "_LoadResources") {
			return filepath.SkipDir
		}
		if d.Name() == ServerSet || d.Name() == ClientSet {
			out = append(out, SetInfo{ID: filepath.ToSlash(rel), Direction: d.Name()})
			return filepath.SkipDir
		}
		if strings.Count(filepath.ToSlash(rel), "/") >= 4 {
			return filepath.SkipDir
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// LoadSet loads the scripts of the set id below dir; id must be one that
// ListSets returns with the given direction ("" for either). Fixtures
// must stay inside dir.
func LoadSet(dir, id, direction string) ([]*Script, error) {
	sets, err := ListSets(dir)
	if err != nil {
		return nil, err
	}
	for _, s := range sets {
		if s.ID == id && (direction == "" || s.Direction == direction) {
			scripts, err := LoadDir(filepath.Join(dir, filepath.FromSlash(id)), fhir.Unknown, dir)
			if err != nil {
				return nil, err
			}
			for _, sc := range scripts {
				if rel, err := filepath.Rel(dir, sc.File); err == nil {
					sc.File = filepath.ToSlash(rel)
				}
			}
			return scripts, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrNoSet, id)
}

// IsLoadResources reports whether a script (by its File) is a
// _LoadResources script: it loads fixtures onto a server and is not a
// test of its own.
func IsLoadResources(s *Script) bool {
	return strings.Contains("/"+filepath.ToSlash(s.File), "/_LoadResources/")
}
