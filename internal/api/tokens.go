package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/httpx"
)

// DefaultTokenDays is the lifetime of a token when expires_in_days is not given.
const DefaultTokenDays = 90

// MaxTokenDays is the longest lifetime a token can be given.
const MaxTokenDays = 3650

// TokenInput creates a personal API token. ExpiresInDays is the lifetime
// in days: absent means DefaultTokenDays, 0 means the token never expires.
type TokenInput struct {
	Name          string `json:"name"`
	ExpiresInDays *int   `json:"expires_in_days"`
}

// NewToken is a created token with its secret, which is shown only once.
type NewToken struct {
	account.APIToken
	Secret string `json:"secret"`
}

func (h *handlers) tokenList(w http.ResponseWriter, r *http.Request) {
	ts, err := h.Accounts.Tokens(r.Context(), httpx.From(r).UserID())
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, list(ts))
}

func (h *handlers) tokenCreate(w http.ResponseWriter, r *http.Request) {
	var in TokenInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	days := DefaultTokenDays
	if in.ExpiresInDays != nil {
		days = *in.ExpiresInDays
	}
	if days < 0 || days > MaxTokenDays {
		httpx.WriteError(w, r, apperr.Field("expires_in_days", "must be between 0 (never expires) and "+strconv.Itoa(MaxTokenDays)))
		return
	}
	t, secret, err := h.Accounts.CreateToken(r.Context(), httpx.From(r).UserID(), in.Name, time.Duration(days)*24*time.Hour)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	// The secret is in this response only; the database keeps its hash.
	w.Header().Set("Cache-Control", "no-store")
	created(w, "", NewToken{APIToken: *t, Secret: secret})
}

func (h *handlers) tokenDelete(w http.ResponseWriter, r *http.Request) {
	id, err := httpx.PathID(r, "id")
	if err == nil {
		err = h.Accounts.RevokeToken(r.Context(), httpx.From(r).UserID(), id)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
