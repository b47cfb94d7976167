package testscript

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// ZipLimits bound an uploaded zip of a script folder; every cap is checked
// against the bytes actually read, not only against the zip headers.
type ZipLimits struct {
	MaxFiles     int   // members
	MaxFileSize  int64 // one member, unpacked
	MaxTotalSize int64 // everything unpacked (zip-bomb guard)
}

// DefaultZipLimits are the limits of the web upload.
var DefaultZipLimits = ZipLimits{MaxFiles: 2000, MaxFileSize: MaxFixtureBytes, MaxTotalSize: 64 << 20}

// ZipError names the member (or "zip") that could not be read.
type ZipError struct {
	File string
	Err  error
}

func (e *ZipError) Error() string { return fmt.Sprintf("%s: %v", e.File, e.Err) }
func (e *ZipError) Unwrap() error { return e.Err }

// LoadZip reads a zip of a script folder (scripts, their fixtures, the
// _LoadResources scripts, properties.json) into a temporary folder and
// loads every TestScript in it, fixtures resolved relative to each script
// and kept inside the folder. Members with unsafe paths (dossier's zip
// guard), too many members or too many unpacked bytes refuse the whole
// zip. Script.File is the path inside the zip.
func LoadZip(data []byte, lim ZipLimits) ([]*Script, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &ZipError{File: "zip", Err: err}
	}
	if lim.MaxFiles > 0 && len(zr.File) > lim.MaxFiles {
		return nil, &ZipError{File: "zip", Err: fmt.Errorf("%d files, at most %d", len(zr.File), lim.MaxFiles)}
	}
	var declared uint64
	for _, f := range zr.File {
		if err := dossier.CheckZipMember(f); err != nil {
			return nil, &ZipError{File: f.Name, Err: err}
		}
		declared += f.UncompressedSize64
	}
	if lim.MaxTotalSize > 0 && declared > uint64(lim.MaxTotalSize) {
		return nil, &ZipError{File: "zip", Err: fmt.Errorf("unpacks to more than %d bytes", lim.MaxTotalSize)}
	}
	tmp, err := os.MkdirTemp("", "testscript-zip-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var total int64
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(path.Base(f.Name), ".") {
			continue
		}
		limit := lim.MaxFileSize
		if left := lim.MaxTotalSize - total; lim.MaxTotalSize > 0 && (limit <= 0 || left < limit) {
			limit = max(left, 0)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, &ZipError{File: f.Name, Err: err}
		}
		var body []byte
		if limit > 0 || lim.MaxTotalSize > 0 {
			body, err = io.ReadAll(io.LimitReader(rc, limit+1))
		} else {
			body, err = io.ReadAll(rc)
		}
		rc.Close()
		if err != nil {
			return nil, &ZipError{File: f.Name, Err: err}
		}
		if (limit > 0 || lim.MaxTotalSize > 0) && int64(len(body)) > limit {
			return nil, &ZipError{File: f.Name, Err: fmt.Errorf("unpacks to more than %d bytes", limit)}
		}
		total += int64(len(body))
		p := filepath.Join(tmp, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, body, 0o600); err != nil {
			return nil, err
		}
	}
	scripts, err := LoadDir(tmp, fhir.Unknown, tmp)
	if err != nil {
		var rel = err.Error()
		rel = strings.ReplaceAll(rel, tmp+string(filepath.Separator), "")
		return nil, &ZipError{File: "zip", Err: errors.New(rel)}
	}
	for _, s := range scripts {
		if rel, err := filepath.Rel(tmp, s.File); err == nil {
			s.File = filepath.ToSlash(rel)
		}
	}
	return scripts, nil
}
