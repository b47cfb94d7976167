package twiin

import (
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/ketentest/ketentest/internal/orgauth"
)

// MintBase makes a fresh authorization base for one notification from
// sender to receiver about one patient; queries are kept percent-encoded
// as the Notification carries them. Store it in the sender's
// orgauth.BaseStore and put Value in the Task.
func MintBase(hackathon, senderURA, receiverURA, bsn string, queries, reads []string, notAfter time.Time) *orgauth.Base {
	var b [24]byte
	rand.Read(b[:])
	enc := make([]string, len(queries))
	for i, q := range queries {
		enc[i] = EncodeQuery(q)
	}
	return &orgauth.Base{Value: "TEST-" + base64.RawURLEncoding.EncodeToString(b[:]), Hackathon: hackathon, IssuerURA: senderURA, IssuedTo: receiverURA,
		PatientBSN: bsn, Queries: enc, Reads: append([]string(nil), reads...), NotAfter: notAfter}
}

// NotificationFor returns the Notification that hands base to its receiver.
func NotificationFor(b *orgauth.Base) Notification {
	return Notification{PatientBSN: b.PatientBSN, SenderURA: b.IssuerURA, ReceiverURA: b.IssuedTo, Base: b.Value, Queries: b.Queries, Reads: b.Reads, NotAfter: b.NotAfter}
}
