package commplan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/markdown"
	"github.com/ketentest/ketentest/internal/store"
)

// News statuses.
const (
	NewsConcept      = "concept"
	NewsGepubliceerd = "gepubliceerd"
)

// NewsStatuses lists the statuses of a news item.
var NewsStatuses = []string{NewsConcept, NewsGepubliceerd}

// NewsMilestones are the milestones a news item serves: look back and next
// steps (6C) and the closing news item (9F).
var NewsMilestones = []string{"6C", "9F"}

// NewsItem is a news item drafted for a hackathon.
type NewsItem struct {
	ID          int64     `json:"id"`
	HackathonID int64     `json:"hackathon_id"`
	Milestone   string    `json:"milestone"`
	Title       string    `json:"title"`
	Body        string    `json:"body"` // Markdown
	Status      string    `json:"status"`
	PublishedOn date.Date `json:"published_on"`
	UpdatedAt   time.Time `json:"updated_at"`
	// MilestoneMarked is set by UpdateNews when publishing the item
	// completed its milestone (6C, 9F).
	MilestoneMarked *MilestoneMark `json:"milestone_marked,omitempty"`
}

// NewsInput creates or changes a news item.
type NewsInput struct {
	Milestone   string    `json:"milestone"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	Status      string    `json:"status"`
	PublishedOn date.Date `json:"published_on"`
}

// ErrNewsNotFound is returned for an unknown news item.
var ErrNewsNotFound = fmt.Errorf("news item %w", apperr.ErrNotFound)

func (in *NewsInput) validate() error {
	var inv apperr.Invalid
	in.Title = strings.TrimSpace(in.Title)
	in.Body = strings.ReplaceAll(in.Body, "\r\n", "\n")
	if in.Status == "" {
		in.Status = NewsConcept
	}
	if in.Title == "" || len(in.Title) > 200 || strings.ContainsAny(in.Title, "\r\n") {
		inv.Add("title", "required, one line of at most 200 characters")
	}
	if len(in.Body) > MaxText {
		inv.Add("body", "at most 20,000 characters")
	}
	if in.Milestone != "" && !slices.Contains(NewsMilestones, in.Milestone) {
		inv.Add("milestone", "one of 6C, 9F or empty")
	}
	if !slices.Contains(NewsStatuses, in.Status) {
		inv.Add("status", "one of concept, gepubliceerd")
	}
	return inv.Err()
}

const newsColumns = `id, hackathon_id, milestone, title, body, status, published_on, updated_at`

func scanNews(row interface{ Scan(...any) error }) (*NewsItem, error) {
	var n NewsItem
	err := row.Scan(&n.ID, &n.HackathonID, &n.Milestone, &n.Title, &n.Body, &n.Status, &n.PublishedOn, &n.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNewsNotFound
	}
	return &n, err
}

// News lists a hackathon's news items, oldest first.
func (s *Service) News(ctx context.Context, hackathonID int64) ([]NewsItem, error) {
	return store.Collect(ctx, s.DB, scanNews, "SELECT "+newsColumns+" FROM news_items WHERE hackathon_id = ? ORDER BY id", hackathonID)
}

// NewsItem loads one news item.
func (s *Service) NewsItem(ctx context.Context, hackathonID, id int64) (*NewsItem, error) {
	return scanNews(s.DB.QueryRow(ctx, "SELECT "+newsColumns+" FROM news_items WHERE hackathon_id = ? AND id = ?", hackathonID, id))
}

// CreateNews drafts a news item.
func (s *Service) CreateNews(ctx context.Context, hackathonID int64, in NewsInput, by int64) (*NewsItem, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	if _, err := s.Hackathons.Get(ctx, hackathonID); err != nil {
		return nil, err
	}
	var id int64
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		var err error
		id, err = tx.Insert(ctx, `INSERT INTO news_items (hackathon_id, milestone, title, body, status, published_on, updated_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, hackathonID, in.Milestone, in.Title, in.Body, in.Status, in.PublishedOn, store.NullID(by), now, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "news",
			EntityID: strconv.FormatInt(id, 10), Action: "created", To: in.Title})
	})
	if err != nil {
		return nil, err
	}
	n, err := s.NewsItem(ctx, hackathonID, id)
	if err == nil && n.Status == NewsGepubliceerd {
		n.MilestoneMarked = s.markAfter(ctx, hackathonID, n.Milestone, by)
	}
	return n, err
}

// UpdateNews changes a news item; every changed field is audited.
func (s *Service) UpdateNews(ctx context.Context, hackathonID, id int64, in NewsInput, by int64) (*NewsItem, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	old, err := s.NewsItem(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		if _, err := tx.Exec(ctx, `UPDATE news_items SET milestone = ?, title = ?, body = ?, status = ?, published_on = ?, updated_by = ?, updated_at = ?
			WHERE id = ? AND hackathon_id = ?`, in.Milestone, in.Title, in.Body, in.Status, in.PublishedOn, store.NullID(by), now, id, hackathonID); err != nil {
			return err
		}
		return recordChanges(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "news", EntityID: strconv.FormatInt(id, 10)}, []change{
			{"milestone", old.Milestone, in.Milestone}, {"title", old.Title, in.Title}, {"body", old.Body, in.Body},
			{"status", old.Status, in.Status}, {"published_on", old.PublishedOn.String(), in.PublishedOn.String()},
		})
	})
	if err != nil {
		return nil, err
	}
	n, err := s.NewsItem(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	if old.Status != NewsGepubliceerd && n.Status == NewsGepubliceerd {
		n.MilestoneMarked = s.markAfter(ctx, hackathonID, n.Milestone, by)
	}
	return n, nil
}

var newsPage = template.Must(template.New("news").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.6; color: #1b1f24; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
.meta { color: #5a6270; }
img { max-width: 100%; }
</style>
</head>
<body>
<article>
<h1>{{.Title}}</h1>
<p class="meta">{{.Meta}}</p>
{{.Body}}
</article>
</body>
</html>
`))

func newsMeta(h *hackathon.Hackathon, n *NewsItem, lang string) string {
	meta := h.Name
	if !n.PublishedOn.IsZero() {
		meta += " · " + LongDate(lang, n.PublishedOn)
	}
	return meta
}

// ExportHTML writes a news item as a standalone HTML page; the body's
// Markdown is rendered without raw HTML and sanitised.
func ExportHTML(h *hackathon.Hackathon, n *NewsItem, lang string) string {
	var b strings.Builder
	newsPage.Execute(&b, struct {
		Lang, Title, Meta string
		Body              template.HTML
	}{lang, n.Title, newsMeta(h, n, lang), markdown.Render(n.Body)})
	return b.String()
}

// ExportMarkdown writes a news item as Markdown: the title as a heading,
// the hackathon and date in italics, then the body as written.
func ExportMarkdown(h *hackathon.Hackathon, n *NewsItem, lang string) string {
	title := strings.Join(strings.Fields(n.Title), " ")
	return "# " + title + "\n\n_" + escapeMarkdown(newsMeta(h, n, lang)) + "_\n\n" + strings.TrimSpace(n.Body) + "\n"
}
