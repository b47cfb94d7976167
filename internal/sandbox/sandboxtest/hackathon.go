package sandboxtest

import (
	"context"
	"sync"

	"github.com/ketentest/ketentest/internal/dossier"
)

// InHackathon serves src as the test patients of hackathon hid: the DVA
// offers a client only the patients of its own hackathon, and a bare
// dossier.Set belongs to none.
func InHackathon(hid int64, src dossier.Source) dossier.Source {
	return hackathonSource{hid, src, &sync.Map{}}
}

type hackathonSource struct {
	hid    int64
	src    dossier.Source
	copies *sync.Map // *dossier.Dossier -> its copy: one per dossier, as the DVA caches by dossier
}

func (h hackathonSource) Patients(ctx context.Context) ([]dossier.PatientInfo, error) {
	ps, err := h.src.Patients(ctx)
	for i := range ps {
		ps[i].HackathonID = h.hid
	}
	return ps, err
}

func (h hackathonSource) Dossier(ctx context.Context, key string) (*dossier.Dossier, error) {
	d, err := h.src.Dossier(ctx, key)
	if err != nil {
		return nil, err
	}
	if c, ok := h.copies.Load(d); ok {
		return c.(*dossier.Dossier), nil
	}
	c := *d // the maps stay shared; they are only read
	c.Patient.HackathonID = h.hid
	v, _ := h.copies.LoadOrStore(d, &c)
	return v.(*dossier.Dossier), nil
}
