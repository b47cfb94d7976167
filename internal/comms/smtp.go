package comms

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"time"
)

// Sender hands one composed message to a mail server.
type Sender interface {
	Send(ctx context.Context, from string, to []string, msg []byte) error
}

// SMTPSender speaks SMTP to Addr with net/smtp: STARTTLS when offered,
// AUTH PLAIN when a user is configured.
type SMTPSender struct {
	Addr     string
	User     string
	Password string
	Timeout  time.Duration // whole conversation; default 30s
}

// Send delivers msg.
func (s *SMTPSender) Send(ctx context.Context, from string, to []string, msg []byte) error {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("smtp: connect %s: %w", s.Addr, err)
	}
	conn.SetDeadline(time.Now().Add(timeout))
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: greeting: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return fmt.Errorf("smtp: starttls: %w", err)
		}
	}
	if s.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.User, s.Password, host)); err != nil {
			return fmt.Errorf("smtp: auth: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			return fmt.Errorf("smtp: RCPT TO: %w", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: end of data: %w", err)
	}
	return c.Quit()
}

// Compose builds the RFC 5322 message: a plain text body, with the HTML
// alternative as multipart/alternative when present, and the .ics as a
// text/calendar attachment (multipart/mixed) when present.
func Compose(from string, m *Message, date time.Time) []byte {
	var b bytes.Buffer
	h := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	h("From", from)
	h("To", m.To)
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", date.Format(time.RFC1123Z))
	h("Message-ID", m.MessageID)
	h("MIME-Version", "1.0")
	h("Auto-Submitted", "auto-generated")
	textHeader := textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	}
	switch {
	case m.ICS == "" && m.HTML == "":
		h("Content-Type", "text/plain; charset=utf-8")
		h("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		writeQP(&b, m.Body)
		return b.Bytes()
	case m.ICS == "":
		mw := multipart.NewWriter(&b)
		h("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
		b.WriteString("\r\n")
		writeAlternatives(mw, m)
		mw.Close()
		return b.Bytes()
	}
	mw := multipart.NewWriter(&b)
	h("Content-Type", `multipart/mixed; boundary="`+mw.Boundary()+`"`)
	b.WriteString("\r\n")
	if m.HTML == "" {
		text, _ := mw.CreatePart(textHeader)
		writeQP(text, m.Body)
	} else {
		alt := multipart.NewWriter(io.Discard) // only for a fresh boundary
		part, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {`multipart/alternative; boundary="` + alt.Boundary() + `"`}})
		alt = newWriterWithBoundary(part, alt.Boundary())
		writeAlternatives(alt, m)
		alt.Close()
	}
	cal, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {`text/calendar; charset=utf-8; method=REQUEST; name="invite.ics"`},
		"Content-Disposition":       {`attachment; filename="invite.ics"`},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	writeQP(cal, m.ICS)
	mw.Close()
	return b.Bytes()
}

// writeAlternatives writes the text and the HTML part, plainest first (RFC 2046).
func writeAlternatives(mw *multipart.Writer, m *Message) {
	text, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	writeQP(text, m.Body)
	html, _ := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/html; charset=utf-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	writeQP(html, m.HTML)
}

func newWriterWithBoundary(w io.Writer, boundary string) *multipart.Writer {
	mw := multipart.NewWriter(w)
	mw.SetBoundary(boundary)
	return mw
}

func writeQP(w interface{ Write([]byte) (int, error) }, s string) {
	qp := quotedprintable.NewWriter(w)
	qp.Write([]byte(s))
	qp.Close()
}
