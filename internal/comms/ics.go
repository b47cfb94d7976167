package comms

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/date"
)

// Event is one all-day calendar event (a kick-off or a hackathon day).
type Event struct {
	UID         string
	Summary     string
	Description string
	Location    string
	Date        date.Date
	URL         string
}

// Invite is who sends an invitation and to whom: RFC 5546 requires an
// ORGANIZER in every VEVENT of a METHOD:REQUEST object, with the attendee.
type Invite struct {
	Organizer     string // e-mail address of the organizer (the mail's sender)
	OrganizerName string
	Attendee      string // e-mail address of the invited person
}

// Calendar writes an iCalendar (RFC 5545) object with the events. method
// is "PUBLISH" for a feed and "REQUEST" for an invitation (see Invitation);
// stamp is DTSTAMP.
func Calendar(name, method string, events []Event, stamp time.Time) string {
	return calendar(name, method, events, stamp, nil)
}

// Invitation writes a METHOD:REQUEST object (RFC 5546) whose events name
// the organizer and the attendee.
func Invitation(name string, inv Invite, events []Event, stamp time.Time) string {
	return calendar(name, "REQUEST", events, stamp, &inv)
}

// calAddress is a mailto: calendar address, or "" when addr has characters
// that do not belong in one.
func calAddress(addr string) string {
	addr = strings.TrimSpace(addr)
	if addr == "" || strings.ContainsAny(addr, "\r\n;:,\"<> ") {
		return ""
	}
	return "mailto:" + addr
}

func calendar(name, method string, events []Event, stamp time.Time, inv *Invite) string {
	var b strings.Builder
	line := func(s string) { b.WriteString(Fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//ketentest//ketentest//NL")
	line("CALSCALE:GREGORIAN")
	if method != "" {
		line("METHOD:" + method)
	}
	if name != "" {
		line("X-WR-CALNAME:" + EscapeText(name))
	}
	for _, e := range events {
		if e.Date.IsZero() {
			continue
		}
		line("BEGIN:VEVENT")
		line("UID:" + EscapeText(e.UID))
		line("DTSTAMP:" + stamp.UTC().Format("20060102T150405Z"))
		line("DTSTART;VALUE=DATE:" + e.Date.Time().Format("20060102"))
		line("DTEND;VALUE=DATE:" + e.Date.AddDays(1).Time().Format("20060102"))
		line("SUMMARY:" + EscapeText(e.Summary))
		if inv != nil {
			line("SEQUENCE:0")
			if org := calAddress(inv.Organizer); org != "" {
				cn := strings.NewReplacer("\"", "", "\r", "", "\n", "").Replace(inv.OrganizerName)
				if cn != "" {
					line(`ORGANIZER;CN="` + cn + `":` + org)
				} else {
					line("ORGANIZER:" + org)
				}
			}
			if att := calAddress(inv.Attendee); att != "" {
				line("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:" + att)
			}
		}
		if e.Description != "" {
			line("DESCRIPTION:" + EscapeText(e.Description))
		}
		if e.Location != "" {
			line("LOCATION:" + EscapeText(e.Location))
		}
		if e.URL != "" && !strings.ContainsAny(e.URL, "\r\n") {
			line("URL:" + e.URL)
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

// EscapeText escapes an iCalendar TEXT value: backslash, semicolon, comma
// and line breaks. Other control characters are dropped.
func EscapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == ';':
			b.WriteString(`\;`)
		case c == ',':
			b.WriteString(`\,`)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 && c != '\t', c == 0x7f:
			// dropped: not allowed in a TEXT value
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// UnescapeText reverses EscapeText (line breaks come back as "\n").
func UnescapeText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Fold ends a content line with CRLF, folding it into lines of at most 75
// octets without splitting a UTF-8 character.
func Fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// Unfold joins folded lines and splits the object into content lines.
func Unfold(s string) []string {
	s = strings.ReplaceAll(s, "\r\n ", "")
	s = strings.ReplaceAll(s, "\r\n\t", "")
	return strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
}
