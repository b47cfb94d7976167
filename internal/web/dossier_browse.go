package web

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/dossier"
	"github.com/ketentest/ketentest/internal/fhir"
)

// maxListed bounds the resources listed on one page.
const maxListed = 500

type resourceRow struct {
	Type, ID, Label string
	Profiles        []profileRef
	Patients        []string
}

type profileRef struct{ URL, Name string }

func rowOf(r *fhir.Resource) resourceRow {
	row := resourceRow{Type: r.Type(), ID: r.ID(), Label: dossier.Label(r), Patients: dossier.PatientRefs(r)}
	for _, p := range r.Profiles() {
		row.Profiles = append(row.Profiles, profileRef{URL: p, Name: dossier.ProfileName(p)})
	}
	return row
}

// resources lists the resources of a version, filtered by type, profile
// (zib) and patient.
func (p *dossierPages) resources(w http.ResponseWriter, r *http.Request) {
	v, _, set, n, ok := p.loadVersion(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	typ, profile, patient := q.Get("type"), q.Get("profile"), q.Get("patient")
	all := dossier.Filter(set, typ, profile, patient)
	rows := make([]resourceRow, 0, min(len(all), maxListed))
	for _, res := range all[:min(len(all), maxListed)] {
		rows = append(rows, rowOf(res))
	}
	v.D["V"] = n
	v.D["Rows"] = rows
	v.D["Total"] = len(all)
	v.D["Truncated"] = len(all) > maxListed
	v.D["Type"], v.D["Profile"], v.D["Patient"] = typ, profile, patient
	v.D["Summary"] = dossier.Summarize(set)
	p.render(w, http.StatusOK, "dossier_resources", v)
}

// resource shows one resource as indented JSON or XML text.
func (p *dossierPages) resource(w http.ResponseWriter, r *http.Request) {
	v, _, set, n, ok := p.loadVersion(w, r)
	if !ok {
		return
	}
	res := set.Find(r.PathValue("type"), r.PathValue("rid"))
	if res == nil {
		p.errorPage(w, r, http.StatusNotFound, dossier.ErrNotFound)
		return
	}
	format := "json"
	var text []byte
	var err error
	if r.URL.Query().Get("format") == "xml" {
		format = "xml"
		text, err = fhir.MarshalOptions{Indent: "  ", XMLDeclaration: true}.XML(res)
	} else {
		text, err = fhir.MarshalOptions{Indent: "  "}.JSON(res)
	}
	if err != nil {
		v.D["RenderError"] = err.Error()
	}
	v.Title = res.Type() + "/" + res.ID()
	v.D["V"] = n
	v.D["Res"] = rowOf(res)
	v.D["Format"] = format
	v.D["Text"] = string(text)
	p.render(w, http.StatusOK, "dossier_resource", v)
}
