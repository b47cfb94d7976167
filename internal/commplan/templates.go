package commplan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/store"
)

// Template is a hackathon's message template for a blueprint moment (or
// for no moment) in one language.
type Template struct {
	ID          int64  `json:"id"`
	HackathonID int64  `json:"hackathon_id"`
	Moment      string `json:"moment"`
	Language    string `json:"language"`
	Name        string `json:"name"`
	Subject     string `json:"subject"`
	Body        string `json:"body"`
	Format      string `json:"format"`
	Link        string `json:"link"`
	// Version grows by one each time what the template says changes; a
	// send to an audience skips who already had this version.
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TemplateInput is what the editor sends.
type TemplateInput struct {
	Moment   string `json:"moment"`
	Language string `json:"language"`
	Name     string `json:"name"`
	Subject  string `json:"subject"`
	Body     string `json:"body"`
	Format   string `json:"format"`
	Link     string `json:"link"`
}

// ErrTemplateNotFound is returned for an unknown template.
var ErrTemplateNotFound = fmt.Errorf("template %w", apperr.ErrNotFound)

func (in *TemplateInput) validate() error {
	var inv apperr.Invalid
	in.Name = strings.TrimSpace(in.Name)
	in.Subject = strings.TrimSpace(in.Subject)
	in.Body = strings.ReplaceAll(in.Body, "\r\n", "\n")
	if in.Language == "" {
		in.Language = "nl"
	}
	if in.Format == "" {
		in.Format = FormatMarkdown
	}
	if in.Name == "" || len(in.Name) > 120 {
		inv.Add("name", "required, at most 120 characters")
	}
	if in.Subject == "" || len(in.Subject) > 200 || strings.ContainsAny(in.Subject, "\r\n") {
		inv.Add("subject", "required, one line of at most 200 characters")
	}
	if strings.TrimSpace(in.Body) == "" || len(in.Body) > MaxText {
		inv.Add("body", "required, at most 20,000 characters")
	}
	if in.Language != "nl" && in.Language != "en" {
		inv.Add("language", "must be nl or en")
	}
	if in.Format != FormatMarkdown && in.Format != FormatText {
		inv.Add("format", "must be markdown or text")
	}
	if m, ok := blueprint.CommMomentByKey(in.Moment); in.Moment != "" && (!ok || m.News) {
		inv.Add("moment", "not a message moment of the blueprint")
	}
	link, ok := checkLink(in.Link)
	if !ok {
		inv.Add("link", "must be an http:// or https:// address")
	}
	in.Link = link
	for _, f := range apperr.Fields((comms.Template{Subject: in.Subject, Body: in.Body}).Validate(MomentMergeFields(in.Moment))) {
		inv.Add(f.Field, f.Message)
	}
	return inv.Err()
}

const templateColumns = `id, hackathon_id, moment, language, name, subject, body, format, link, version, updated_at`

func scanTemplate(row interface{ Scan(...any) error }) (*Template, error) {
	var t Template
	err := row.Scan(&t.ID, &t.HackathonID, &t.Moment, &t.Language, &t.Name, &t.Subject, &t.Body, &t.Format, &t.Link, &t.Version, &t.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrTemplateNotFound
	}
	return &t, err
}

// Templates lists a hackathon's templates in the order of the blueprint's moments.
func (s *Service) Templates(ctx context.Context, hackathonID int64) ([]Template, error) {
	out, err := store.Collect(ctx, s.DB, scanTemplate, "SELECT "+templateColumns+" FROM comm_templates WHERE hackathon_id = ? ORDER BY id", hackathonID)
	if err != nil {
		return nil, err
	}
	order := map[string]int{}
	for i, m := range blueprint.CommMoments() {
		order[m.Key] = i + 1
	}
	rank := func(t Template) int {
		if r, ok := order[t.Moment]; ok {
			return r
		}
		return len(order) + 1
	}
	lang := func(t Template) int {
		if t.Language == "nl" {
			return 0
		}
		return 1
	}
	sort.SliceStable(out, func(i, j int) bool {
		if rank(out[i]) != rank(out[j]) {
			return rank(out[i]) < rank(out[j])
		}
		return lang(out[i]) < lang(out[j])
	})
	return out, nil
}

// Template loads one template of a hackathon.
func (s *Service) Template(ctx context.Context, hackathonID, id int64) (*Template, error) {
	return scanTemplate(s.DB.QueryRow(ctx, "SELECT "+templateColumns+" FROM comm_templates WHERE hackathon_id = ? AND id = ?", hackathonID, id))
}

func (s *Service) nameTaken(ctx context.Context, q store.Querier, hackathonID, exceptID int64, name string) (bool, error) {
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM comm_templates WHERE hackathon_id = ? AND name = ? AND id <> ?", hackathonID, name, exceptID).Scan(&n)
	return n > 0, err
}

// CreateTemplate adds a template; merge fields are checked.
func (s *Service) CreateTemplate(ctx context.Context, hackathonID int64, in TemplateInput, by int64) (*Template, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	if _, err := s.Hackathons.Get(ctx, hackathonID); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.insertTemplate(ctx, tx, hackathonID, in, by)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Template(ctx, hackathonID, id)
}

func (s *Service) insertTemplate(ctx context.Context, tx *store.Tx, hackathonID int64, in TemplateInput, by int64) (int64, error) {
	if taken, err := s.nameTaken(ctx, tx, hackathonID, 0, in.Name); err != nil {
		return 0, err
	} else if taken {
		return 0, apperr.Field("name", "a template with this name already exists")
	}
	now := s.Now()
	id, err := tx.Insert(ctx, `INSERT INTO comm_templates (hackathon_id, moment, language, name, subject, body, format, link, updated_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, hackathonID, in.Moment, in.Language, in.Name, in.Subject, in.Body, in.Format, in.Link, store.NullID(by), now, now)
	if err != nil {
		return 0, err
	}
	return id, audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "comm_template",
		EntityID: strconv.FormatInt(id, 10), Action: "created", To: in.Name})
}

// UpdateTemplate replaces a template's content; every changed part is audited.
func (s *Service) UpdateTemplate(ctx context.Context, hackathonID, id int64, in TemplateInput, by int64) (*Template, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	old, err := s.Template(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if taken, err := s.nameTaken(ctx, tx, hackathonID, id, in.Name); err != nil {
			return err
		} else if taken {
			return apperr.Field("name", "a template with this name already exists")
		}
		now := s.Now()
		version := old.Version
		if old.Subject != in.Subject || old.Body != in.Body || old.Format != in.Format || old.Link != in.Link || old.Language != in.Language {
			version++
		}
		if _, err := tx.Exec(ctx, `UPDATE comm_templates SET moment = ?, language = ?, name = ?, subject = ?, body = ?, format = ?, link = ?, version = ?, updated_by = ?, updated_at = ?
			WHERE id = ? AND hackathon_id = ?`, in.Moment, in.Language, in.Name, in.Subject, in.Body, in.Format, in.Link, version, store.NullID(by), now, id, hackathonID); err != nil {
			return err
		}
		return recordChanges(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "comm_template", EntityID: strconv.FormatInt(id, 10)}, []change{
			{"moment", old.Moment, in.Moment}, {"language", old.Language, in.Language}, {"name", old.Name, in.Name},
			{"subject", old.Subject, in.Subject}, {"body", old.Body, in.Body}, {"format", old.Format, in.Format}, {"link", old.Link, in.Link},
		})
	})
	if err != nil {
		return nil, err
	}
	return s.Template(ctx, hackathonID, id)
}

// EnsureDefaultTemplates adds the blueprint's default template for every
// message moment in Dutch and English that the hackathon does not have
// yet. It returns how many were added.
func (s *Service) EnsureDefaultTemplates(ctx context.Context, hackathonID int64, by int64) (int, error) {
	if _, err := s.Hackathons.Get(ctx, hackathonID); err != nil {
		return 0, err
	}
	n := 0
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		n = 0
		for _, m := range blueprint.CommMoments() {
			for _, lang := range []string{"nl", "en"} {
				if _, err := s.ensureDefault(ctx, tx, hackathonID, m, lang, by, &n); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}

// ensureDefault returns the id of the hackathon's template for the moment
// in lang, adding the default one when there is none; 0 for news moments.
func (s *Service) ensureDefault(ctx context.Context, tx *store.Tx, hackathonID int64, m blueprint.CommMoment, lang string, by int64, added *int) (int64, error) {
	def, ok := DefaultTemplate(m.Key, lang)
	if !ok {
		return 0, nil
	}
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM comm_templates WHERE hackathon_id = ? AND moment = ? AND language = ? ORDER BY id LIMIT 1",
		hackathonID, m.Key, lang).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	in := TemplateInput{Moment: m.Key, Language: lang, Name: def.Name, Subject: def.Subject, Body: def.Body, Format: FormatMarkdown}
	for i := 2; ; i++ {
		taken, err := s.nameTaken(ctx, tx, hackathonID, 0, in.Name)
		if err != nil {
			return 0, err
		}
		if !taken {
			break
		}
		in.Name = fmt.Sprintf("%s %d", def.Name, i)
	}
	*added++
	return s.insertTemplate(ctx, tx, hackathonID, in, by)
}

// variant finds the template for the same moment in another language.
func variant(all []Template, t *Template, lang string) *Template {
	if t.Moment == "" || t.Language == lang {
		return t
	}
	for i := range all {
		if all[i].Moment == t.Moment && all[i].Language == lang {
			return &all[i]
		}
	}
	return t
}

// DeleteTemplate removes a template that no calendar item uses.
func (s *Service) DeleteTemplate(ctx context.Context, hackathonID, id int64, by int64) error {
	t, err := s.Template(ctx, hackathonID, id)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM comm_calendar WHERE template_id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &apperr.Conflict{Message: fmt.Sprintf("the template is used by %d planned message(s); choose another template there first", n)}
		}
		if _, err := tx.Exec(ctx, "DELETE FROM comm_templates WHERE id = ? AND hackathon_id = ?", id, hackathonID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "comm_template",
			EntityID: strconv.FormatInt(id, 10), Action: "deleted", From: t.Name})
	})
}
