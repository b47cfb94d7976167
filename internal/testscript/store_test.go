package testscript

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/store"
	"github.com/ketentest/ketentest/internal/store/storetest"
)

func TestStoreRunsAndCompare(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hs := hackathon.NewService(db)
		h, err := hs.Create(ctx, hackathon.Input{Code: "TS", Name: "TestScript", Variant: "technisch",
			Kickoff: date.New(2027, 3, 10), Days: []date.Date{date.New(2027, 4, 10)}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		mk := func(st Status, body string) []*ScriptResult {
			return []*ScriptResult{{File: "x/a.xml", Operations: []OperationResult{{Target: "Patient", Exchange: &Exchange{Method: "GET", ResponseBody: body},
				Asserts: []AssertResult{{Description: "code", Status: Pass}, {Description: "count", Status: st}}}}}}
		}
		st := NewStore(db)
		big := strings.Repeat("é", MaxStoredBody) // cut inside a UTF-8 sequence
		first := NewRun(h.ID, 0, "eerste", "https://dva.example/fhir", "a.xml", mk(Fail, big), time.Second)
		if err := st.Save(ctx, first); err != nil {
			t.Fatal(err)
		}
		second := NewRun(h.ID, 0, "tweede", "https://dva.example/fhir", "a.xml", mk(Pass, "{}"), time.Second)
		if err := st.Save(ctx, second); err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, h.ID, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		ex := got.Results[0].Operations[0].Exchange
		if got.Counts.Fail != 1 || got.FailedScripts != 1 || len(ex.ResponseBody) > MaxStoredBody || !ex.Truncated || !strings.HasPrefix(big, ex.ResponseBody) {
			t.Errorf("stored run %+v, body %d bytes", got, len(ex.ResponseBody))
		}
		if _, err := st.Get(ctx, h.ID+1, first.ID); err != ErrNotFound {
			t.Errorf("another hackathon's run: %v", err)
		}
		prev, err := st.Previous(ctx, second)
		if err != nil || prev == nil || prev.ID != first.ID {
			t.Fatalf("previous %v %v", prev, err)
		}
		if p, err := st.Previous(ctx, first); err != nil || p != nil {
			t.Errorf("previous of the first: %v %v", p, err)
		}
		ch := Compare(prev.Results, second.Results)
		if len(ch) != 1 || ch[0].Description != "count" || ch[0].Before != Fail || ch[0].After != Pass {
			t.Errorf("changes %+v", ch)
		}
		list, err := st.List(ctx, h.ID, 0, 0)
		if err != nil || len(list) != 2 || list[0].ID != second.ID || list[0].Results != nil {
			t.Errorf("list %+v %v", list, err)
		}
	})
}
