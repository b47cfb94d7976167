package web_test

import (
	"fmt"
	"github.com/ketentest/ketentest/internal/app"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// TestActorGetsClientForm: a PGO vendor's actor is told to register its
// client, so it gets the form; a role that cannot register is told whom to
// ask instead of "register below".
func TestActorGetsClientForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnvWith(t, db, app.Options{SandboxURL: "https://sandbox.test"})
		page := fmt.Sprintf("/hackathons/%d/sandbox", e.hid)
		status, body, _ := e.do("actor", "GET", page, "", "")
		if status != http.StatusOK || !strings.Contains(body, `id="client-form"`) || !strings.Contains(body, "Registreer hieronder") {
			t.Fatalf("actor: %d, client form shown: %v", status, strings.Contains(body, `id="client-form"`))
		}
		_, body, _ = e.do("observer", "GET", page, "", "")
		if strings.Contains(body, `id="client-form"`) || strings.Contains(body, "Registreer hieronder") || !strings.Contains(body, "technisch coördinator") {
			t.Fatalf("observer is told to register below without a form:\n%s", body)
		}
	})
}
