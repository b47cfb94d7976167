package dossier

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func patientFile(id string) File {
	return File{Name: id + ".json", Data: fmt.Appendf(nil, `{"resourceType":"Patient","id":"%s","name":[{"family":"XXX_%s"}]}`, id, id)}
}

func ids(t *testing.T, s *Store, id int64) []string {
	t.Helper()
	set, err := s.Version(t.Context(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range set.Resources {
		out = append(out, r.ID())
	}
	sort.Strings(out)
	return out
}

// TestConcurrentImportsLoseNothing: imports of one dossier at the same time
// queue in ImportVersion's transaction; merges each become the next version
// on top of the others, and imports that name the version they built on
// get a conflict instead of overwriting (issue #10).
func TestConcurrentImportsLoseNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		s := NewStore(db)
		id, err := s.Create(ctx, 0, "Gelijktijdig", "48", fhir.STU3)
		if err != nil {
			t.Fatal(err)
		}
		info, _ := s.Get(ctx, id)
		if v, err := s.ImportVersion(ctx, info, []File{patientFile("p0")}, ImportOptions{Mode: Replace}); err != nil || v != 1 {
			t.Fatalf("first import: v%d, %v", v, err)
		}
		const n = 6
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 1; i <= n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.ImportVersion(ctx, info, []File{patientFile(fmt.Sprintf("p%d", i))}, ImportOptions{Mode: Merge})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent merge: %v", err)
			}
		}
		got, _ := s.Get(ctx, id)
		if got.Version != n+1 {
			t.Errorf("version %d after %d merges, want %d", got.Version, n, n+1)
		}
		if have := ids(t, s, id); len(have) != n+1 {
			t.Errorf("latest version holds %v: a merge was lost", have)
		}

		// Both build on the version they saw: one wins, the other is told.
		base := got.Version
		results := make(chan error, 2)
		for _, p := range []string{"q1", "q2"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.ImportVersion(ctx, got, []File{patientFile(p)}, ImportOptions{Mode: Merge, BaseVersion: base})
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		var ok, conflicts int
		for err := range results {
			var vc *VersionConflict
			var c *apperr.Conflict
			switch {
			case err == nil:
				ok++
			case errors.As(err, &vc) && errors.As(err, &c) && vc.Latest == base+1 && vc.Base == base:
				conflicts++
			default:
				t.Errorf("import on base v%d: %v", base, err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Errorf("two imports on v%d: %d stored, %d conflicts; want 1 and 1", base, ok, conflicts)
		}
		if have := ids(t, s, id); len(have) != n+2 {
			t.Errorf("latest version holds %v, want the winner on top of the %d before", have, n+1)
		}
		// A refused import stored nothing.
		if _, err := s.ImportVersion(ctx, got, []File{{Name: "bad.json", Data: []byte(`{"resourceType":"Patient"}`)}}, ImportOptions{Mode: Merge}); err == nil {
			t.Errorf("import without id accepted")
		}
		if after, _ := s.Get(ctx, id); after.Version != base+1 {
			t.Errorf("version %d after a refused import, want %d", after.Version, base+1)
		}
	})
}
