package dossier

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
)

// Limits bound what one import may read. Every cap is checked against the
// bytes actually read, not only against what a zip header claims.
type Limits struct {
	MaxUpload    int64 // the uploaded file (zip or single resource)
	MaxFiles     int   // members of a zip file
	MaxFileSize  int64 // one member of a zip file, uncompressed
	MaxTotalSize int64 // everything one upload unpacks to, all files and zips together (zip-bomb guard)
	MaxResources int   // resources in the result
}

// DefaultLimits are the limits of an upload through the web pages.
// MaxTotalSize counts per upload (request), not per zip: several zips in
// one upload share it.
var DefaultLimits = Limits{MaxUpload: 64 << 20, MaxFiles: MaxZipFiles, MaxFileSize: MaxFileSize,
	MaxTotalSize: 128 << 20, MaxResources: 100_000}

// Imported is what an import read: resources in order, and the references
// ("Type/id") that transaction or batch entries delete.
type Imported struct {
	Resources []*fhir.Resource
	Deletes   []string
	Files     int      // FHIR files read
	Skipped   []string // zip members that are not FHIR files (README.txt, ...)
	origin    map[string]string
	unpacked  int64 // bytes read so far, over all files and zips of the upload

}

// Mode says how an import becomes the next version.
type Mode string

const (
	// Replace makes the imported resources the whole next version.
	Replace Mode = "replace"
	// Merge applies the import to the latest version: resources with the
	// same type and id are replaced, new ones appended, deletes removed.
	Merge Mode = "merge"
)

// ImportError names the file (and Bundle entry) that could not be imported.
// A parse error inside it is a *fhir.SyntaxError with line and column.
type ImportError struct {
	File  string
	Entry int // 1-based Bundle entry, 0 when the whole file is meant
	Err   error
}

func (e *ImportError) Error() string {
	if e.Entry > 0 {
		return fmt.Sprintf("dossier: %s, entry %d: %v", e.File, e.Entry, e.Err)
	}
	return fmt.Sprintf("dossier: %s: %v", e.File, e.Err)
}

func (e *ImportError) Unwrap() error { return e.Err }

// IsZip reports whether data starts like a zip file.
func IsZip(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06"))
}

// Import reads an upload: a zip file of FHIR JSON/XML resources and Bundles,
// or one resource or Bundle (collection, searchset, transaction or batch;
// a document or message Bundle is kept whole). name is the file name used in
// errors. Every resource is read as FHIR version v.
func Import(data []byte, name string, v fhir.Version, lim Limits) (*Imported, error) {
	if lim.MaxUpload > 0 && int64(len(data)) > lim.MaxUpload {
		return nil, &ImportError{File: name, Err: reason("upload_too_large", size(int64(len(data))), size(lim.MaxUpload))}
	}
	imp := &Imported{origin: map[string]string{}}
	if IsZip(data) {
		if err := imp.readZip(data, name, v, lim); err != nil {
			return nil, err
		}
	} else if err := imp.readFile(data, name, v); err != nil { // bounded by MaxUpload
		return nil, err
	}
	if lim.MaxResources > 0 && len(imp.Resources) > lim.MaxResources {
		return nil, &ImportError{File: name, Err: reason("too_many_resources", len(imp.Resources), lim.MaxResources)}
	}
	if len(imp.Resources) == 0 && len(imp.Deletes) == 0 {
		return nil, &ImportError{File: name, Err: reason("no_resources")}
	}
	return imp, nil
}

// File is one uploaded file.
type File struct {
	Name string
	Data []byte
}

// ImportFiles reads several uploaded files (a folder chosen in the
// browser, or many files at once) as one import: each a FHIR resource,
// a Bundle or a zip file, in name order, within lim as a zip would be.
func ImportFiles(files []File, v fhir.Version, lim Limits) (*Imported, error) {
	if len(files) == 1 {
		return Import(files[0].Data, files[0].Name, v, lim)
	}
	if lim.MaxFiles > 0 && len(files) > lim.MaxFiles {
		return nil, &ImportError{File: "upload", Err: reason("too_many_files", len(files), lim.MaxFiles)}
	}
	sorted := append([]File(nil), files...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	imp := &Imported{origin: map[string]string{}}
	var total int64
	for _, f := range sorted {
		total += int64(len(f.Data))
		switch {
		case lim.MaxUpload > 0 && total > lim.MaxUpload:
			return nil, &ImportError{File: f.Name, Err: reason("files_too_large", size(lim.MaxUpload))}
		case IsZip(f.Data):
			if err := imp.readZip(f.Data, f.Name, v, lim); err != nil {
				return nil, err
			}
		case strings.HasPrefix(path.Base(f.Name), ".") || !isFHIRFile(f.Name):
			imp.Skipped = append(imp.Skipped, f.Name)
		case lim.MaxFileSize > 0 && int64(len(f.Data)) > lim.MaxFileSize:
			return nil, &ImportError{File: f.Name, Err: reason("file_too_large", size(int64(len(f.Data))), size(lim.MaxFileSize))}
		case lim.MaxTotalSize > 0 && imp.unpacked+int64(len(f.Data)) > lim.MaxTotalSize:
			return nil, &ImportError{File: f.Name, Err: reason("upload_total", size(lim.MaxTotalSize))}
		default:
			imp.unpacked += int64(len(f.Data))
			if err := imp.readFile(f.Data, f.Name, v); err != nil {
				return nil, err
			}
		}
	}
	if lim.MaxResources > 0 && len(imp.Resources) > lim.MaxResources {
		return nil, &ImportError{File: "upload", Err: reason("too_many_resources", len(imp.Resources), lim.MaxResources)}
	}
	if len(imp.Resources) == 0 && len(imp.Deletes) == 0 {
		return nil, &ImportError{File: "upload", Err: reason("no_resources")}
	}
	return imp, nil
}

func (imp *Imported) readZip(data []byte, name string, v fhir.Version, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return &ImportError{File: name, Err: reason("bad_zip", err)}
	}
	if lim.MaxFiles > 0 && len(zr.File) > lim.MaxFiles {
		return &ImportError{File: name, Err: reason("zip_entries", len(zr.File), lim.MaxFiles)}
	}
	var declared uint64
	for _, f := range zr.File {
		if err := checkMember(f); err != nil {
			return &ImportError{File: f.Name, Err: err}
		}
		declared += f.UncompressedSize64
	}
	if lim.MaxTotalSize > 0 && declared > uint64(lim.MaxTotalSize) {
		return &ImportError{File: name, Err: reason("zip_total", size(int64(min(declared, 1<<62))), size(lim.MaxTotalSize))}
	}
	if lim.MaxTotalSize > 0 && declared+uint64(imp.unpacked) > uint64(lim.MaxTotalSize) {
		return &ImportError{File: name, Err: reason("upload_total", size(lim.MaxTotalSize))}
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	for _, f := range files {
		if f.FileInfo().IsDir() {
			continue
		}
		base := path.Base(f.Name)
		if strings.HasPrefix(f.Name, "__MACOSX/") || strings.HasPrefix(base, ".") || !isFHIRFile(f.Name) {
			imp.Skipped = append(imp.Skipped, f.Name)
			continue
		}
		if lim.MaxFileSize > 0 && f.UncompressedSize64 > uint64(lim.MaxFileSize) {
			return &ImportError{File: f.Name, Err: reason("member_too_large", size(int64(min(f.UncompressedSize64, 1<<62))), size(lim.MaxFileSize))}
		}
		rc, err := f.Open()
		if err != nil {
			return &ImportError{File: f.Name, Err: err}
		}
		// Read at most what is left of the member and upload limits, whatever the header says.
		limit, limited := lim.MaxFileSize, lim.MaxFileSize > 0
		if left := lim.MaxTotalSize - imp.unpacked; lim.MaxTotalSize > 0 && (!limited || left < limit) {
			limit, limited = max(left, 0), true
		}
		var body []byte
		if limited {
			body, err = io.ReadAll(io.LimitReader(rc, limit+1))
		} else {
			body, err = io.ReadAll(rc)
		}
		rc.Close()
		if err != nil {
			return &ImportError{File: f.Name, Err: reason("unpack", err)}
		}
		if limited && int64(len(body)) > limit {
			return &ImportError{File: f.Name, Err: reason("unpack_limit", size(limit))}
		}
		imp.unpacked += int64(len(body))
		if err := imp.readFile(body, f.Name, v); err != nil {
			return err
		}
	}
	return nil
}

// checkMember refuses zip members that could escape a folder or are not
// plain files: absolute paths, "..", backslashes, symbolic links, encryption.
func checkMember(f *zip.File) error {
	n := f.Name
	clean := strings.TrimSuffix(n, "/")
	switch {
	case n == "" || strings.ContainsAny(n, "\\\x00") || strings.HasPrefix(n, "/") || !fs.ValidPath(clean):
		return reason("unsafe_path", n)
	case f.Mode()&fs.ModeSymlink != 0:
		return reason("symlink")
	case f.Flags&0x1 != 0:
		return reason("encrypted")
	}
	return nil
}

func (imp *Imported) readFile(data []byte, name string, v fhir.Version) error {
	imp.Files++
	r, err := fhir.ParseOptions{Version: v}.Parse(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if err != nil {
		return &ImportError{File: name, Err: err}
	}
	if v != fhir.Unknown {
		r.Version = v
	}
	if r.Type() == "Bundle" {
		switch t := r.String("type"); t {
		case "document", "message":
			// A document or message is one resource in its own right.
		case "collection", "searchset", "transaction", "batch":
			return imp.bundle(r, name, t == "transaction" || t == "batch")
		default:
			return &ImportError{File: name, Err: reason("bundle_type", t)}
		}
	}
	if r.ID() == "" {
		return &ImportError{File: name, Err: reason("no_id", r.Type())}
	}
	return imp.add(r, name, 0)
}

func (imp *Imported) add(r *fhir.Resource, file string, entry int) error {
	ref := r.Type() + "/" + r.ID()
	where := file
	if entry > 0 {
		where = fmt.Sprintf("%s, entry %d", file, entry)
	}
	if prev, ok := imp.origin[ref]; ok {
		return &ImportError{File: file, Entry: entry, Err: reason("twice", ref, prev)}
	}
	if err := checkStrings(r); err != nil {
		return &ImportError{File: file, Entry: entry, Err: err}
	}
	imp.origin[ref] = where
	imp.Resources = append(imp.Resources, r)
	return nil
}

// bundle unpacks the entries of b. With requests (transaction, batch) each
// entry's request decides: POST adds (id from the resource, else from a
// urn:uuid fullUrl, else derived), PUT Type/id adds with that id, DELETE
// Type/id deletes. References to urn:uuid/urn:oid fullUrls of entries are
// rewritten to Type/id.
func (imp *Imported) bundle(b *fhir.Resource, file string, requests bool) error {
	entries := b.Entries()
	fullRefs := map[string]string{}
	var keep []*fhir.Resource
	var nums []int
	for i, e := range entries {
		n := i + 1
		fail := func(code string, args ...any) error {
			return &ImportError{File: file, Entry: n, Err: reason(code, args...)}
		}
		method, url := "", ""
		if requests {
			method = strings.ToUpper(e.Node.String("request.method"))
			url = e.Node.String("request.url")
			if method == "" {
				return fail("no_method")
			}
		}
		if method == "DELETE" {
			typ, id, err := instanceURL(url)
			if err != nil {
				return fail("request_url", "DELETE", url, err)
			}
			imp.Deletes = append(imp.Deletes, typ+"/"+id)
			continue
		}
		if method != "" && method != "POST" && method != "PUT" {
			return fail("method", method)
		}
		if e.Resource == nil {
			if !requests && e.SearchMode == "outcome" {
				continue
			}
			return fail("no_resource")
		}
		r := e.Resource
		if r.Type() == "OperationOutcome" && e.SearchMode == "outcome" {
			continue
		}
		r.Root.Name, r.Root.Array = r.Type(), false
		switch method {
		case "PUT":
			typ, id, err := instanceURL(url)
			if err != nil {
				return fail("request_url", "PUT", url, err)
			}
			if typ != r.Type() {
				return fail("holds_type", "PUT", url, r.Type())
			}
			if r.ID() != "" && r.ID() != id {
				return fail("holds_id", url, r.ID())
			}
			r.SetID(id)
		case "POST":
			if t, _, _ := strings.Cut(url, "?"); t != "" && strings.Trim(t, "/") != r.Type() {
				return fail("holds_type", "POST", url, r.Type())
			}
		}
		if r.ID() == "" {
			if u, ok := strings.CutPrefix(e.FullURL, "urn:uuid:"); ok && validID(u) {
				r.SetID(u)
			} else if requests {
				r.SetID(derivedID(file, n))
			} else {
				return fail("no_id", r.Type())
			}
		}
		if strings.HasPrefix(e.FullURL, "urn:") {
			fullRefs[e.FullURL] = r.Type() + "/" + r.ID()
		}
		keep = append(keep, r)
		nums = append(nums, n)
	}
	for i, r := range keep {
		if len(fullRefs) > 0 {
			rewriteRefs(r.Root, fullRefs)
		}
		if err := imp.add(r, file, nums[i]); err != nil {
			return err
		}
	}
	return nil
}

// instanceURL splits "Type/id" (or an absolute URL ending in it).
func instanceURL(u string) (typ, id string, err error) {
	if strings.Contains(u, "?") {
		return "", "", reason("conditional")
	}
	parts := strings.Split(strings.Trim(u, "/"), "/")
	if len(parts) < 2 || parts[len(parts)-2] == "" || !validID(parts[len(parts)-1]) {
		return "", "", reason("url_form")
	}
	return parts[len(parts)-2], parts[len(parts)-1], nil
}

// validID reports whether s is a FHIR logical id: [A-Za-z0-9.-]{1,64}.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// derivedID is a stable id for a POST entry without one.
func derivedID(file string, entry int) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%s#%d", file, entry))
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func rewriteRefs(n *fhir.Node, refs map[string]string) {
	for _, c := range n.Children {
		if c.Name == "reference" && c.Kind.HasValue() {
			if to, ok := refs[c.Value]; ok {
				c.Value = to
			}
		}
		if len(c.Children) > 0 {
			rewriteRefs(c, refs)
		}
	}
}

// Apply turns an import into the resources of the next version: with
// Replace the imported resources (less deletes), with Merge the latest
// resources updated by the import. Deleting what is not there is an error.
func Apply(latest []*fhir.Resource, imp *Imported, mode Mode) ([]*fhir.Resource, error) {
	var base []*fhir.Resource
	if mode == Merge {
		base = latest
	}
	out := make([]*fhir.Resource, 0, len(base)+len(imp.Resources))
	pos := map[string]int{}
	for _, r := range base {
		pos[r.Type()+"/"+r.ID()] = len(out)
		out = append(out, r)
	}
	for _, r := range imp.Resources {
		ref := r.Type() + "/" + r.ID()
		if i, ok := pos[ref]; ok {
			out[i] = r
			continue
		}
		pos[ref] = len(out)
		out = append(out, r)
	}
	if len(imp.Deletes) == 0 {
		return out, nil
	}
	gone := map[string]bool{}
	for _, d := range imp.Deletes {
		if _, ok := pos[d]; !ok {
			return nil, fmt.Errorf("dossier: cannot delete %s: it is not in the dossier", d)
		}
		gone[d] = true
	}
	kept := out[:0]
	for _, r := range out {
		if !gone[r.Type()+"/"+r.ID()] {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
