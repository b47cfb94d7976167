package web

import (
	"context"
	"net/http"
	"os"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/commplan"
	"github.com/ketentest/ketentest/internal/comms"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// memberInviting is what hackathon.Invite needs on the pages: the outbox,
// the hackathon's account invitation template and the set-password link.
func memberInviting(ctx context.Context, db *store.DB, accounts *account.Service, h *hackathon.Hackathon, base string) (hackathon.Inviting, error) {
	outbox, _ := comms.NewWorkerFromEnv(db)
	comm := commplan.NewService(db, outbox)
	mail, err := comm.MemberMailer(ctx, h, base)
	if err != nil {
		return hackathon.Inviting{}, err
	}
	return hackathon.Inviting{Accounts: accounts, Outbox: outbox, LinkPrefix: base + participant.AccountInvitePath, Mail: mail}, nil
}

// requestBase is the origin of links in mail: KETENTEST_BASE_URL, else the request's.
func requestBase(r *http.Request, secure bool) string {
	if b := strings.TrimSuffix(os.Getenv("KETENTEST_BASE_URL"), "/"); b != "" {
		return b
	}
	scheme := "http"
	if r.TLS != nil || secure {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
