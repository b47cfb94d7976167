package finding_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		fx.svc.Dir = t.TempDir()
		fx.svc.MaxAttachment = 1 << 20
		ctx := context.Background()
		f, _, _ := fx.svc.Create(ctx, fx.hid, finding.Input{Title: "Met bijlage"}, fx.user)
		for _, tc := range []struct {
			name, file, body, wantErr string
		}{
			{"too large", "big.log", strings.Repeat("x", 1<<20+1), "limit is 1 MB"},
			{"type not accepted", "evil.html", "<script>", "accepted are"},
			{"executable", "run.exe", "MZ", "accepted are"},
			{"empty", "empty.txt", "", "empty"},
		} {
			_, err := fx.svc.AddAttachment(ctx, f, tc.file, strings.NewReader(tc.body), fx.user)
			if fs := apperr.Fields(err); len(fs) == 0 || !strings.Contains(fs[0].Message, tc.wantErr) {
				t.Errorf("%s: %v, want field error with %q", tc.name, err, tc.wantErr)
			}
		}
		a, err := fx.svc.AddAttachment(ctx, f, `C:\logs\..\bundle.json`, strings.NewReader(`{"resourceType":"Bundle"}`), fx.user)
		if err != nil || a.Name != "bundle.json" || a.ContentType != "application/json" {
			t.Fatalf("good attachment: %+v %v", a, err)
		}
		list, _ := fx.svc.Attachments(ctx, f.ID)
		got, file, err := fx.svc.OpenAttachment(ctx, f.ID, a.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("open: %v, %d listed", err, len(list))
		}
		defer file.Close()
		b, _ := io.ReadAll(file)
		if string(b) != `{"resourceType":"Bundle"}` || got.Size != int64(len(b)) {
			t.Fatalf("content %q size %d", b, got.Size)
		}
	})
}
