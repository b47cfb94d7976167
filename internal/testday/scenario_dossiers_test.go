package testday_test

import (
	"context"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
	"github.com/ketentest/ketentest/internal/testday"
)

// dossierVersion stores a dossier (of hackathon hid, 0: shared) with one
// version and returns the version's id.
func dossierVersion(t *testing.T, db *store.DB, hid int64, name, service, fhirVersion string, version int) int64 {
	t.Helper()
	ctx := context.Background()
	var h any
	if hid != 0 {
		h = hid
	}
	did, err := db.Insert(ctx, "INSERT INTO dossiers (hackathon_id, name, service_id, fhir_version, created_at) VALUES (?, ?, ?, ?, ?)", h, name, service, fhirVersion, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	vid, err := db.Insert(ctx, "INSERT INTO dossier_versions (dossier_id, version, created_at, resource_count) VALUES (?, ?, ?, 12)", did, version, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return vid
}

// TestScenarioDossiers: a scenario refers to real dossier versions of its
// data service and FHIR version (the hackathon's or shared ones); one of
// another FHIR version or another hackathon is refused naming the field,
// nothing saved; a final scenario's links are not changed, and its new
// version keeps them.
func TestScenarioDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		sc, err := f.svc.CreateFromTemplate(ctx, f.h.ID, "technical", "48@STU3", f.test)
		if err != nil {
			t.Fatal(err)
		}
		happy := dossierVersion(t, db, f.h.ID, "Happy flow", "48", "STU3", 1)
		shared := dossierVersion(t, db, 0, "Bommendossier", "", "STU3", 3)
		r4 := dossierVersion(t, db, f.h.ID, "Vaccinaties", "63", "R4", 1)
		in := hackathon.InputOf(f.h)
		in.Code = "ANDER"
		other, err := f.svc.Hackathons.Create(ctx, in, f.lead)
		if err != nil {
			t.Fatal(err)
		}
		foreign := dossierVersion(t, db, other.ID, "Ander", "48", "STU3", 1)
		choices, err := f.svc.DossierChoices(ctx, f.h.ID, "48@STU3")
		if err != nil || len(choices) != 2 {
			t.Fatalf("choices: %+v %v", choices, err)
		}
		got, err := f.svc.LinkDossiers(ctx, f.h.ID, sc.ID, []int64{happy, shared, happy}, f.test)
		if err != nil || len(got) != 2 || got[0].Name != "Bommendossier" || got[0].Version != 3 || got[1].VersionID != happy {
			t.Fatalf("link: %+v %v", got, err)
		}
		for _, bad := range []int64{r4, foreign, 999999} {
			if _, err := f.svc.LinkDossiers(ctx, f.h.ID, sc.ID, []int64{happy, bad}, f.test); !hasField(err, "dossier_version_ids") {
				t.Fatalf("version %d: %v", bad, err)
			}
		}
		if now, _ := f.svc.ScenarioDossiers(ctx, f.h.ID, sc.ID); len(now) != 2 {
			t.Fatalf("refused links changed the scenario: %+v", now)
		}
		f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioReviewed, "Nictiz", f.test)
		f.svc.Advance(ctx, f.h.ID, sc.ID, testday.ScenarioFinal, "", f.test)
		if _, err := f.svc.LinkDossiers(ctx, f.h.ID, sc.ID, []int64{happy}, f.test); !hasField(err, "status") {
			t.Fatalf("final scenario relinked: %v", err)
		}
		v2, err := f.svc.NewVersion(ctx, f.h.ID, sc.ID, f.test)
		if err != nil {
			t.Fatal(err)
		}
		if kept, _ := f.svc.ScenarioDossiers(ctx, f.h.ID, v2.ID); len(kept) != 2 {
			t.Fatalf("new version's dossiers: %+v", kept)
		}
		if x, err := f.svc.ScenarioDossiers(ctx, other.ID, sc.ID); err != nil || len(x) != 0 {
			t.Fatalf("another hackathon sees the scenario's dossiers: %+v %v", x, err)
		}
	})
}
