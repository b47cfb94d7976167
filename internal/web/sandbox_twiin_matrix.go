package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/orgsandbox"
)

// twiinMatrix is the projectathon matrix of a hackathon: per pair of
// organisations that exchanged through the organisation sandbox, per
// layer, whether an exchange passed and when (from the recorded
// exchanges).
func (p *sandboxPages) twiinMatrix(w http.ResponseWriter, r *http.Request) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	v.D["Layers"] = orgsandbox.Layers
	eng, err := p.twiinEngine()
	if err != nil {
		v.D["NotConfigured"] = true
		p.render(w, http.StatusOK, "twiin_matrix", v)
		return
	}
	pairs, err := eng.Matrix(r.Context(), v.Hackathon.Code)
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.D["Pairs"] = pairs
	p.render(w, http.StatusOK, "twiin_matrix", v)
}
