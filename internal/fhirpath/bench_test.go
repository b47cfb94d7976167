package fhirpath

import (
	"context"
	"os"
	"syscall"
	"testing"

	"github.com/ketentest/ketentest/internal/fhir"
)

func loadPatient(tb testing.TB) *fhir.Resource {
	tb.Helper()
	b, err := os.ReadFile(sharedFHIR + "/conformance/validator/patient-example.xml")
	if err != nil {
		tb.Fatalf("read patient: %v", err)
	}
	r, err := fhir.Parse(b)
	if err != nil {
		tb.Fatalf("parse patient: %v", err)
	}
	return r
}

// BenchmarkSimplePath evaluates a compiled Patient.name.given on the R4
// patient example (5 results).
func BenchmarkSimplePath(b *testing.B) {
	r := loadPatient(b)
	e := MustCompile("Patient.name.given", Options{Version: fhir.R4})
	ctx := context.Background()
	env := &Env{}
	if _, err := e.Evaluate(ctx, r.Root, env); err != nil { // loads the type tables once
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		out, err := e.Evaluate(ctx, r.Root, env)
		if err != nil || len(out) != 5 {
			b.Fatalf("got %v, %v", out, err)
		}
	}
	// CPU time used by the process per evaluation: on a shared, loaded
	// machine ns/op (wall time) includes waiting for a core.
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the user+system CPU time of the process in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkInvariant evaluates a typical invariant with where() and exists().
func BenchmarkInvariant(b *testing.B) {
	r := loadPatient(b)
	e := MustCompile("name.where(use = 'official').family.exists() and telecom.all(system.exists() or use.exists())", Options{Version: fhir.R4})
	ctx := context.Background()
	if _, err := e.Evaluate(ctx, r.Root, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := e.Evaluate(ctx, r.Root, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile("name.where(use = 'official').family.exists() and telecom.all(system.exists() or use.exists())", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
