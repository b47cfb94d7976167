package synth

import (
	"os"
	"testing"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

// BenchmarkImport10k measures importing a 10,000-resource bommendossier
// uploaded as one JSON Bundle: parsing and checking the upload, then
// storing it as a new version in one transaction (SQLite, or PostgreSQL
// with KETENTEST_TEST_POSTGRES).
func BenchmarkImport10k(b *testing.B) {
	rs, err := Bomb(BombOptions{Seed: 1, Resources: 10_000, MaxString: 1 << 20})
	if err != nil {
		b.Fatal(err)
	}
	data, err := fhir.MarshalJSON(dossier.ExportBundle(fhir.STU3, "", rs))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("upload: %d bytes", len(data))
	dbs := map[string]func(testing.TB) *store.DB{"sqlite": storetest.SQLite}
	if os.Getenv(storetest.EnvPostgres) != "" {
		dbs["postgres"] = storetest.Postgres
	}
	for name, open := range dbs {
		b.Run(name, func(b *testing.B) { benchImport(b, open(b), data) })
	}
}

func benchImport(b *testing.B, db *store.DB, data []byte) {
	lim := dossier.DefaultLimits
	{
		st := dossier.NewStore(db)
		id, err := st.CreateWith(b.Context(), dossier.New{Name: "Bom", Kind: dossier.KindBommen, FHIRVersion: fhir.STU3}, dossier.Meta{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
		b.ResetTimer()
		for b.Loop() {
			imp, err := dossier.Import(data, "bom.json", fhir.STU3, lim)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := st.Save(b.Context(), id, dossier.Meta{Source: "bom.json"}, imp.Resources); err != nil {
				b.Fatal(err)
			}
		}
	}
}
