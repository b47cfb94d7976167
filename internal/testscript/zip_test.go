package testscript

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testZip(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	zw.Close()
	return buf.Bytes()
}

const zipScript = `{"resourceType":"TestScript","status":"active","name":"z",
 "fixture":[{"id":"f","resource":{"reference":"%s"}}],
 "test":[{"action":[{"operation":{"type":{"code":"create"},"resource":"Patient","sourceId":"f"}}]}]}`

func TestLoadZipResolvesFixturesPerScript(t *testing.T) {
	data := testZip(t, map[string]string{
		"a/XIS-Server/s.json":       strings.Replace(zipScript, "%s", "../_reference/p.json", 1),
		"a/_reference/p.json":       `{"resourceType":"Patient","id":"a"}`,
		"b/XIS-Server/deep/s.json":  strings.Replace(zipScript, "%s", "p.json", 1),
		"b/XIS-Server/deep/p.json":  `{"resourceType":"Patient","id":"b"}`,
		"c/XIS-Server/escape.json":  strings.Replace(zipScript, "%s", "../../../../etc/hostname", 1),
		"__MACOSX/a/._s.json":       "junk",
		"a/XIS-Server/readme.txt":   "not a script",
		"a/XIS-Server/patient.json": `{"resourceType":"Patient","id":"not-a-script"}`,
	})
	ss, err := LoadZip(data, DefaultZipLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*Script{}
	for _, s := range ss {
		got[s.File] = s
	}
	if len(ss) != 3 || got["a/XIS-Server/s.json"] == nil || got["b/XIS-Server/deep/s.json"] == nil || got["c/XIS-Server/escape.json"] == nil {
		t.Fatalf("scripts: %v", got)
	}
	if b := string(got["a/XIS-Server/s.json"].Fixtures[0].Body); !strings.Contains(b, `"a"`) {
		t.Errorf("fixture of a: %q %v", b, got["a/XIS-Server/s.json"].Fixtures[0].Err)
	}
	if b := string(got["b/XIS-Server/deep/s.json"].Fixtures[0].Body); !strings.Contains(b, `"b"`) {
		t.Errorf("fixture of b: %q", b)
	}
	if f := got["c/XIS-Server/escape.json"].Fixtures[0]; f.Err == nil || f.Body != nil {
		t.Errorf("a fixture outside the zip was read: %v", f.Err)
	}
}

func TestLoadZipRefuses(t *testing.T) {
	for name, c := range map[string]struct {
		data []byte
		lim  ZipLimits
	}{
		"traversal": {testZip(t, map[string]string{"../x.json": "{}"}), DefaultZipLimits},
		"absolute":  {testZip(t, map[string]string{"/x.json": "{}"}), DefaultZipLimits},
		"backslash": {testZip(t, map[string]string{`a\..\x.json`: "{}"}), DefaultZipLimits},
		"count":     {testZip(t, map[string]string{"a": "1", "b": "2", "c": "3"}), ZipLimits{MaxFiles: 2}},
		"member":    {testZip(t, map[string]string{"a": strings.Repeat("x", 11)}), ZipLimits{MaxFileSize: 10}},
		"total":     {testZip(t, map[string]string{"a": strings.Repeat("x", 8), "b": strings.Repeat("x", 8)}), ZipLimits{MaxTotalSize: 10}},
		"not a zip": {[]byte("PK\x03\x04garbage"), DefaultZipLimits},
	} {
		var ze *ZipError
		if _, err := LoadZip(c.data, c.lim); !errors.As(err, &ze) {
			t.Errorf("%s: %v, want a ZipError", name, err)
		}
	}
}

func TestListAndLoadSets(t *testing.T) {
	dir := t.TempDir()
	s := strings.Replace(zipScript, "%s", "../_reference/p.json", 1)
	for p, body := range map[string]string{
		"STU3/X/Test/XIS-Server/s.json": s, "STU3/X/Test/PHR-Client/s.json": s, "STU3/X/Test/_reference/p.json": `{"resourceType":"Patient","id":"a"}`,
		"STU3/X/Test/_LoadResources/XIS-Server/s.json": s, "a/b/c/d/e/f/XIS-Server/s.json": s,
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte(body), 0o644)
	}
	sets, err := ListSets(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 2 || sets[0] != (SetInfo{"STU3/X/Test/PHR-Client", ClientSet}) || sets[1] != (SetInfo{"STU3/X/Test/XIS-Server", ServerSet}) {
		t.Fatalf("sets %v", sets)
	}
	ss, err := LoadSet(dir, "STU3/X/Test/XIS-Server", ServerSet)
	if err != nil || len(ss) != 1 || ss[0].File != "STU3/X/Test/XIS-Server/s.json" || ss[0].Fixtures[0].Body == nil {
		t.Fatalf("load set: %v %v", ss, err)
	}
	for _, bad := range []string{"STU3/X/Test/PHR-Client", "../x", "STU3/X/Test", "a/b/c/d/e/f/XIS-Server"} {
		if _, err := LoadSet(dir, bad, ServerSet); !errors.Is(err, ErrNoSet) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if sets, err := ListSets(filepath.Join(dir, "missing")); err != nil || len(sets) != 0 {
		t.Errorf("missing dir: %v %v", sets, err)
	}
}

// FuzzLoadZip: no upload makes LoadZip panic or read outside its folder.
func FuzzLoadZip(f *testing.F) {
	f.Add(testZip(f, map[string]string{"a/XIS-Server/s.json": strings.Replace(zipScript, "%s", "../p.json", 1), "a/p.json": "{}"}))
	f.Add(testZip(f, map[string]string{"../x": "{}"}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		ss, err := LoadZip(data, ZipLimits{MaxFiles: 50, MaxFileSize: 1 << 16, MaxTotalSize: 1 << 18})
		if err == nil {
			for _, s := range ss {
				if strings.HasPrefix(s.File, "/") || strings.Contains(s.File, "..") {
					t.Fatalf("script file %q", s.File)
				}
			}
		}
	})
}
