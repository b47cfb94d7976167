package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/i18n"
)

// auditLiteral finds the literal kinds and actions of audit entries in code.
var auditLiteral = regexp.MustCompile(`(?:^|[^A-Za-z])(Entity|Action): *"([^"]+)"`)

// TestAuditKindsHaveLabels scans internal/ for audit.Entry literals and fails
// when a kind (entity) or literal action recorded in code has no label in
// Dutch and English, so the audit page never shows a raw code.
func TestAuditKindsHaveLabels(t *testing.T) {
	found := map[string]bool{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src := string(b)
		if !strings.Contains(src, "audit.Entry{") && !strings.Contains(src, "audit.Record(") {
			return nil
		}
		for _, m := range auditLiteral.FindAllStringSubmatch(src, -1) {
			key := "auditlog.action." + m[2]
			if m[1] == "Entity" {
				key = "auditlog.entity." + m[2]
			}
			found[key] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !found["auditlog.entity.comm_item"] || !found["auditlog.entity.registration"] || !found["auditlog.action.promoted"] {
		t.Fatalf("the scan missed known audit kinds; found %d keys", len(found))
	}
	for key := range found {
		for _, lang := range []string{"nl", "en"} {
			if !i18n.Has(lang, key) {
				t.Errorf("audit label %q has no %s text", key, lang)
			}
		}
	}
	// The communication entries read as labels on the audit page.
	e := audit.Entry{Entity: "comm_item", Action: "sent"}
	if got := auditWhat("nl", e); got != "Communicatie-item · verzonden" {
		t.Errorf("nl: %q", got)
	}
	if got := auditWhat("en", audit.Entry{Entity: "commplan", Action: "x"}); got != "Communication plan · x" {
		t.Errorf("en: %q", got)
	}
}
