package dossier

import "fmt"

// Reason is why an import was refused: a code the web pages translate
// (message "dossier.err.<Code>" formatted with Args) and English text for
// the API and logs.
type Reason struct {
	Code string
	Args []any
}

func (r *Reason) Error() string {
	if f, ok := reasonText[r.Code]; ok {
		return fmt.Sprintf(f, r.Args...)
	}
	return r.Code
}

func reason(code string, args ...any) error { return &Reason{Code: code, Args: args} }

// reasonText is the English text of every Reason code; the translations
// in internal/i18n take the same arguments in the same order.
var reasonText = map[string]string{
	"upload_too_large":   "the file is %s, at most %s allowed",
	"too_many_resources": "%d resources, at most %d allowed",
	"no_resources":       "no FHIR resources found (.json or .xml files, or a Bundle)",
	"too_many_files":     "%d files, at most %d allowed",
	"files_too_large":    "the files together exceed %s",
	"file_too_large":     "the file is %s, at most %s per file allowed",
	"bad_zip":            "not a readable zip file: %v",
	"zip_entries":        "the zip file has %d entries, at most %d allowed",
	"zip_total":          "the zip file unpacks to %s, at most %s allowed",
	"upload_total":       "the upload unpacks to more than %s, all files and zip files together",
	"string_too_long":    "%s is %d characters long, at most %d allowed",
	"base_version":       "the dossier is at version %d now, not %d: it changed since you opened it; look at the latest version and import again",
	"member_too_large":   "unpacks to %s, at most %s per file allowed",
	"unpack":             "cannot unpack: %v",
	"unpack_limit":       "unpacks to more than its header says or than the %s limit allows",
	"unsafe_path":        "unsafe path %q in the zip file (absolute, \"..\" or backslash)",
	"symlink":            "symbolic links are not allowed in the zip file",
	"encrypted":          "encrypted zip entries are not supported",
	"bundle_type":        "a Bundle of type %q cannot be imported (use collection, searchset, transaction or batch)",
	"no_id":              "the %s has no id",
	"twice":              "%s occurs twice: also in %s",
	"no_method":          "the entry has no request.method",
	"request_url":        "%s %s: %v",
	"method":             "request method %s cannot be imported (POST, PUT or DELETE)",
	"no_resource":        "the entry has no resource",
	"holds_type":         "%s %s holds a %s",
	"holds_id":           "PUT %s holds a resource with id %q",
	"conditional":        "conditional requests are not supported; name the resource as Type/id",
	"url_form":           "the url must be Type/id",
}

// ReasonCodes lists the codes of Reason, for checking that each is translated.
func ReasonCodes() []string {
	out := make([]string, 0, len(reasonText))
	for c := range reasonText {
		out = append(out, c)
	}
	return out
}
