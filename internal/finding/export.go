package finding

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/date"
)

// An Export is one of the downloads of a list of findings, offered alike by
// the web pages and the JSON API: the file name, its media type and how the
// findings are written.
type Export struct {
	Name        string // the file name offered, e.g. "handover.csv"
	ContentType string
	write       func(w io.Writer, src Findings, o ExportOptions) error
}

// ExportOptions say how an export presents findings to people outside the
// tool (an actor's team, a steering group).
type ExportOptions struct {
	Lang     string         // language of headers and values (i18n); Dutch when empty
	BaseURL  string         // ketentest's public origin: each finding links back to its page; a path only when empty
	Today    date.Date      // decides which findings are overdue
	Location *time.Location // zone of the times shown (--timezone); date.DefaultLocation() when nil
}

// link is the address of f's page.
func (o ExportOptions) link(f *Finding) string {
	return strings.TrimSuffix(o.BaseURL, "/") + "/hackathons/" + strconv.FormatInt(f.HackathonID, 10) + "/findings/" + strconv.FormatInt(f.ID, 10)
}

func (o ExportOptions) loc() *time.Location {
	if o.Location == nil {
		return date.DefaultLocation()
	}
	return o.Location
}

// Write writes the findings of src as this export.
func (e Export) Write(w io.Writer, src Findings, o ExportOptions) error {
	return e.write(w, src, o)
}

// Findings yields findings one at a time (with their comments when an
// export needs them), so that an export never holds them all.
type Findings func(yield func(*Finding) error) error

// FindingsOf yields the findings of a slice.
func FindingsOf(fs []*Finding) Findings {
	return func(yield func(*Finding) error) error {
		for _, f := range fs {
			if err := yield(f); err != nil {
				return err
			}
		}
		return nil
	}
}

// streamBatch is how many findings Stream loads at a time.
const streamBatch = 500

// Stream yields the findings matching flt that v may see, newest first,
// each with its comments, loading streamBatch at a time by keyset: memory
// stays bounded however many findings an export holds.
func (s *Service) Stream(ctx context.Context, hackathonID int64, flt Filter, v Viewer) Findings {
	return func(yield func(*Finding) error) error {
		flt.Limit, flt.Before = streamBatch, 0
		for {
			p, err := s.Page(ctx, hackathonID, flt, v)
			if err != nil {
				return err
			}
			if err := s.commentsOf(ctx, p.Findings); err != nil {
				return err
			}
			for _, f := range p.Findings {
				if err := yield(f); err != nil {
					return err
				}
			}
			if p.Next == 0 {
				return nil
			}
			flt.Before = p.Next
		}
	}
}

// commentsOf fills the comments of findings with one query.
func (s *Service) commentsOf(ctx context.Context, fs []*Finding) error {
	if len(fs) == 0 {
		return nil
	}
	byID := make(map[int64]*Finding, len(fs))
	ids := make([]any, len(fs))
	for i, f := range fs {
		byID[f.ID], ids[i] = f, f.ID
	}
	in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
	rows, err := s.DB.Query(ctx, `SELECT c.finding_id, c.id, COALESCE(u.name, ''), c.body, c.created_at FROM finding_comments c
		LEFT JOIN users u ON u.id = c.user_id WHERE c.finding_id IN `+in+` ORDER BY c.id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var fid int64
		var c Comment
		if err := rows.Scan(&fid, &c.ID, &c.UserName, &c.Body, &c.At); err != nil {
			return err
		}
		byID[fid].Comments = append(byID[fid].Comments, c)
	}
	return rows.Err()
}

// LazyAttachment is the writer of a download that sets its headers with
// the first byte written: an export that fails before writing anything can
// still answer with an error instead of an empty file.
type LazyAttachment struct {
	W       io.Writer
	Start   func() // sets the download's headers
	started bool
}

func (l *LazyAttachment) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.Start()
	}
	return l.W.Write(p)
}

// Started reports whether anything was written.
func (l *LazyAttachment) Started() bool { return l.started }

const contentTypeCSV = "text/csv; charset=utf-8"

// The downloads of a list of findings.
var (
	ExportHandoverCSV  = Export{Name: "handover.csv", ContentType: contentTypeCSV, write: WriteHandoverCSV}
	ExportHandoverXLSX = Export{Name: "handover.xlsx", ContentType: ContentTypeXLSX, write: WriteHandoverXLSX}
	ExportJiraCSV      = Export{Name: "jira.csv", ContentType: contentTypeCSV,
		write: func(w io.Writer, src Findings, _ ExportOptions) error {
			fs, err := collect(src) // the label columns depend on every finding
			if err != nil {
				return err
			}
			return WriteJiraCSV(w, fs)
		}}
	ExportOverviewCSV = Export{Name: "overview-9a.csv", ContentType: contentTypeCSV, write: func(w io.Writer, src Findings, o ExportOptions) error {
		c := newCounts()
		if err := src(func(f *Finding) error { c.addFinding(f, o.Today); return nil }); err != nil {
			return err
		}
		return writeOverviewCSV(w, c)
	}}
)

func collect(src Findings) ([]*Finding, error) {
	var fs []*Finding
	err := src(func(f *Finding) error { fs = append(fs, f); return nil })
	return fs, err
}
