package sandbox

import (
	"fmt"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/store/storetest"
)

// BenchmarkHackathonTraffic lists the newest 100 exchanges of a quiet
// hackathon (100 of 100,000 recorded exchanges) and of a busy one (the
// other 99,900).
func BenchmarkHackathonTraffic(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := b.Context()
	users := newUsers(b, db, 1)
	quiet := newHackathon(b, db, "QUIET", "Quiet", users[0])
	busy := newHackathon(b, db, "BUSY", "Busy", users[0])
	for c, h := range map[string]int64{"quiet.example": quiet.ID, "busy.example": busy.ID} {
		if err := RegisterClient(ctx, db, Client{ClientID: c, RedirectURIs: []string{testRedirect}, HackathonID: h}); err != nil {
			b.Fatal(err)
		}
	}
	w := &trafficWriter{db: db}
	recs := make([]trafficRecord, 0, trafficBatch)
	for i := range 100_000 {
		rec := trafficRecord{at: time.Now(), clientID: "busy.example", method: "GET", path: fmt.Sprint("/fhir/Patient?n=", i), status: 200}
		if i%1000 == 0 {
			rec.clientID, rec.claimedClientID = "", "quiet.example"
		}
		if recs = append(recs, rec); len(recs) == trafficBatch {
			w.write(recs)
			recs = recs[:0]
		}
	}
	w.write(recs)
	for name, hid := range map[string]int64{"quiet": quiet.ID, "busy": busy.ID} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if got, err := HackathonTraffic(ctx, db, TrafficFilter{HackathonID: hid, Limit: 100}); err != nil || len(got) != 100 {
					b.Fatal(len(got), err)
				}
			}
		})
	}
}
