// Package date is a calendar date without time of day, as used for
// hackathon days, due dates and resolution terms. It reads and writes
// "2006-01-02" in JSON, forms and the database.
package date

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Layout is the ISO 8601 calendar date layout.
const Layout = "2006-01-02"

// Date is a calendar date; the zero Date means "not set".
type Date struct{ t time.Time }

// Of returns the date of t in its own location.
func Of(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// New returns the given date.
func New(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// Parse reads "2006-01-02"; an empty string is the zero Date.
func Parse(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(Layout, s)
	if err != nil {
		return Date{}, fmt.Errorf("not a date of the form YYYY-MM-DD: %q", s)
	}
	return Date{t}, nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns midnight UTC of the date.
func (d Date) Time() time.Time { return d.t }

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return Date{d.t.AddDate(0, 0, n)}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// String returns "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(Layout)
}

// Format renders the date with a time layout.
func (d Date) Format(layout string) string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(layout)
}

// MarshalJSON writes "2006-01-02" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "2006-01-02", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("not a date string: %s", b)
	}
	p, err := Parse(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value stores the date, or NULL when zero.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.t, nil
}

// Scan reads a DATE column from SQLite or PostgreSQL.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = Of(v)
	case string:
		p, err := Parse(v[:min(len(v), 10)])
		if err != nil {
			return err
		}
		*d = p
	case []byte:
		return d.Scan(string(v))
	default:
		return fmt.Errorf("date: cannot scan %T", src)
	}
	return nil
}
