package testscript

import (
	"strings"
	"testing"
	"time"
)

// BenchmarkBgZXISServer runs every XIS-Server script of the shared BgZ set
// (Cert and Test) against the reference DVA over loopback; one op is the
// whole set. The target is under 10 s per op.
//
//	go test ./internal/testscript/ -run '^$' -bench BgZXISServer -benchtime 3x
func BenchmarkBgZXISServer(b *testing.B) {
	needShared(b)
	now := time.Now()
	type target struct {
		ref     *refDVA
		scripts []*Script
	}
	var targets []target
	n := 0
	for _, set := range qualificationSets {
		if !strings.HasPrefix(set.dir, "STU3/BgZ-3-0/") {
			continue
		}
		ref := startRefDVA(b, set, now, nil)
		ss := xisScripts(b, set)
		n += len(ss)
		targets = append(targets, target{ref, ss})
	}
	for _, validated := range []bool{false, true} {
		name := "plain"
		if validated {
			name = "validated" // validateProfileId through the validator
			validatorFor(b, targets[0].scripts[0].Version)
		}
		b.Run(name, func(b *testing.B) {
			asserts := 0
			for b.Loop() {
				asserts = 0
				for _, tg := range targets {
					for _, s := range tg.scripts {
						o := tg.ref.options()
						if validated {
							o.Validator = validatorFor(b, s.Version)
						}
						res := Run(b.Context(), s, o)
						if res.Error != "" {
							b.Fatal(res.Error)
						}
						asserts += res.Counts().Total()
					}
				}
			}
			b.ReportMetric(float64(n), "scripts/op")
			b.ReportMetric(float64(asserts), "asserts/op")
		})
	}
}
