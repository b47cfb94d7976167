package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pages holds one parsed template set per page: the layout plus the page.
type pages struct{ sets map[string]*template.Template }

func loadPages(funcs template.FuncMap) *pages {
	base := template.Must(template.New("").Funcs(funcs).ParseFS(templateFiles, "templates/_*.html"))
	names, err := fs.Glob(templateFiles, "templates/[a-z]*.html")
	if err != nil {
		panic(err)
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, n := range names {
		t := template.Must(template.Must(base.Clone()).ParseFS(templateFiles, n))
		p.sets[strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")] = t
	}
	return p
}

// view is what every page template receives.
type view struct {
	Lang      string
	Title     string
	User      *account.User
	Req       *httpx.Request
	Hackathon *hackathon.Hackathon
	Flash     string
	Errors    map[string]string // field → message
	Form      url.Values        // what was entered, to re-render after an error
	D         map[string]any    // the page's own data
	Version   string
	Path      string // the current page, to come back to after a language switch
}

// Err returns the message for a field, for templates.
func (v *view) Err(field string) string { return v.Errors[field] }

// Val returns the entered value of a field, for templates.
func (v *view) Val(field string) string { return v.Form.Get(field) }

// Can reports a permission in the current hackathon, for templates.
func (v *view) Can(p string) bool { return v.Req.Can(authz.Permission(p)) }

func (s *Server) newView(r *http.Request, title string) *view {
	rq := httpx.From(r)
	return &view{Lang: rq.Lang, Title: title, User: rq.User, Req: rq, Errors: map[string]string{},
		Form: url.Values{}, D: map[string]any{}, Version: s.Opts.Version, Flash: flashFrom(r), Path: r.URL.RequestURI()}
}

// setErrors fills the view's field messages from a validation error. The
// domain packages word their messages in English; a Dutch page shows the
// Dutch text registered under "fielderr.<message>" when there is one.
func (v *view) setErrors(err error) {
	for _, f := range apperr.Fields(err) {
		v.Errors[f.Field] = FieldText(v.Lang, f)
	}
}

// FieldText is a field error in lang: by its code and arguments when it
// has a code ("fielderr.code.<code>", checked for every code in the source
// by TestFieldErrorCodesTranslated), else by its English text.
func FieldText(lang string, f apperr.FieldError) string {
	if f.Code != "" {
		if k := "fielderr.code." + f.Code; i18n.Has(lang, k) {
			args := make([]any, len(f.Args))
			for i, a := range f.Args {
				if lang == "nl" && groupedNumber.MatchString(a) {
					a = strings.ReplaceAll(a, ",", ".") // 20,000 → 20.000
				}
				args[i] = a
			}
			return i18n.T(lang, k, args...)
		}
	}
	return fieldMessage(lang, f.Message)
}

// groupedNumber is a number with thousands separators as English writes it.
var groupedNumber = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+$`)

// fieldMessage translates a domain validation message into lang, or returns
// it unchanged when no translation is registered.
func fieldMessage(lang, msg string) string {
	if rest, ok := strings.CutPrefix(msg, "unknown merge field(s): "); ok {
		if unknown, known, ok := strings.Cut(rest, "; known merge fields: "); ok {
			return i18n.T(lang, "fielderr.merge_fields", unknown, known)
		}
	}
	if k := "fielderr." + msg; i18n.Has(lang, k) {
		return i18n.T(lang, k)
	}
	return msg
}

// RowError shows an import line's "field: message" error with the field's
// label and the message in the page's language.
func (v *view) RowError(s string) string {
	field, msg, ok := strings.Cut(s, ": ")
	if !ok {
		return fieldMessage(v.Lang, s)
	}
	label := field
	if k := "imp.f." + field; i18n.Has(v.Lang, k) {
		label = i18n.T(v.Lang, k)
	}
	if n, ok := strings.CutPrefix(msg, "same address as line "); ok {
		return label + ": " + i18n.T(v.Lang, "imp.same_line", n)
	}
	return label + ": " + fieldMessage(v.Lang, msg)
}

// Checked reports whether value is among the entered values of a
// multi-valued field (checkboxes), for templates.
func (v *view) Checked(field, value string) bool {
	for _, x := range v.Form[field] {
		if x == value {
			return true
		}
	}
	return false
}

// render writes a page with status.
func (s *Server) render(w http.ResponseWriter, status int, page string, v *view) {
	t, ok := s.pages.sets[page]
	if !ok {
		panic("web: no template " + page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", v); err != nil {
		slog.Error("render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if v.Flash != "" {
		clearFlash(w)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	v := s.newView(r, i18n.T(httpx.From(r).Lang, fmt.Sprintf("error.%d", status)))
	if status == http.StatusInternalServerError {
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else if k := fmt.Sprintf("error.%d.help", status); i18n.Has(v.Lang, k) && (err.Error() == "forbidden" || strings.HasSuffix(err.Error(), "not found")) {
		// "not found" and "forbidden" carry no detail worth showing, and
		// their English wording would be the only English on a Dutch page.
		v.D["Detail"] = i18n.T(v.Lang, k)
	} else {
		v.D["Detail"] = fieldMessage(v.Lang, err.Error())
	}
	v.D["Status"] = status
	s.render(w, status, "error", v)
}

const flashCookie = "ketentest_flash"

// flash stores an i18n key to show once after a redirect. Only keys are
// stored, never user text.
func flash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func flashFrom(r *http.Request) string {
	if c, err := r.Cookie(flashCookie); err == nil && i18n.Has("nl", c.Value) {
		return c.Value
	}
	return ""
}

// redirect answers a successful POST (303 See Other) and clears nothing else.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// clearFlash is called on every page render path via the layout.
func clearFlash(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1})
}
