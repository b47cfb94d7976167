package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// formDays and formServices are how many day and data service rows the form shows.
const (
	formDays     = 3
	formServices = 3
)

// inputFromForm reads the hackathon form. Dates that do not parse are
// reported with the other field errors.
func inputFromForm(f url.Values) (hackathon.Input, error) {
	in := hackathon.Input{
		Code: f.Get("code"), Name: f.Get("name"), Variant: f.Get("variant"), Description: f.Get("description"),
		Location: f.Get("location"), Financier: f.Get("financier"), ClientOrg: f.Get("client_org"), ContractorOrg: f.Get("contractor_org"),
	}
	var bad apperr.Invalid
	var err error
	if in.Kickoff, err = date.Parse(f.Get("kickoff_date")); err != nil {
		bad.Add("kickoff_date", err.Error())
	}
	for i := 1; i <= formDays+10; i++ {
		key := "day_" + strconv.Itoa(i)
		if !f.Has(key) {
			continue
		}
		d, err := date.Parse(f.Get(key))
		if err != nil {
			bad.Add(key, err.Error())
		}
		in.Days = append(in.Days, d)
	}
	for i := 0; i < formServices; i++ {
		n := strconv.Itoa(i)
		in.Services = append(in.Services, hackathon.DataService{
			ServiceID: f.Get("service_id_" + n), Name: f.Get("service_name_" + n),
			Standard: f.Get("service_standard_" + n), FHIRVersion: f.Get("service_fhir_" + n),
		})
	}
	if err := in.Validate(); err != nil {
		bad.Fields = append(bad.Fields, apperr.Fields(err)...)
	}
	return in, bad.Err()
}

// formFromInput fills the form from a stored hackathon.
func formFromInput(in hackathon.Input) url.Values {
	f := url.Values{}
	f.Set("code", in.Code)
	f.Set("name", in.Name)
	f.Set("variant", in.Variant)
	f.Set("description", in.Description)
	f.Set("location", in.Location)
	f.Set("kickoff_date", in.Kickoff.String())
	f.Set("financier", in.Financier)
	f.Set("client_org", in.ClientOrg)
	f.Set("contractor_org", in.ContractorOrg)
	for i, d := range in.Days {
		f.Set("day_"+strconv.Itoa(i+1), d.String())
	}
	for i, ds := range in.Services {
		n := strconv.Itoa(i)
		f.Set("service_id_"+n, ds.ServiceID)
		f.Set("service_name_"+n, ds.Name)
		f.Set("service_standard_"+n, ds.Standard)
		f.Set("service_fhir_"+n, ds.FHIRVersion)
	}
	return f
}

func (s *Server) renderHackathonForm(w http.ResponseWriter, r *http.Request, status int, h *hackathon.Hackathon, form url.Values, err error) {
	rq := httpx.From(r)
	title := i18n.T(rq.Lang, "hackathon.new")
	if h != nil {
		title = i18n.T(rq.Lang, "hackathon.edit")
	}
	v := s.newView(r, title)
	v.Hackathon = h
	v.Form = form
	v.setErrors(err)
	days := formDays
	if h != nil && len(h.Days) > days {
		days = len(h.Days)
	}
	v.D["DayNumbers"] = seq(1, days)
	v.D["ServiceNumbers"] = seq(0, formServices-1)
	s.render(w, status, "hackathon_form", v)
}

func seq(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

func (s *Server) hackathonNew(w http.ResponseWriter, r *http.Request) {
	f := url.Values{}
	f.Set("variant", "regulier")
	s.renderHackathonForm(w, r, http.StatusOK, nil, f, nil)
}

func (s *Server) hackathonCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	in, err := inputFromForm(r.PostForm)
	if err == nil {
		var h *hackathon.Hackathon
		h, err = s.Hackathons.Create(r.Context(), in, httpx.From(r).UserID())
		if err == nil {
			flash(w, "flash.hackathon_created")
			redirect(w, r, "/hackathons/"+strconv.FormatInt(h.ID, 10))
			return
		}
	}
	if len(apperr.Fields(err)) == 0 {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	s.renderHackathonForm(w, r, http.StatusUnprocessableEntity, nil, r.PostForm, err)
}

func (s *Server) hackathonEdit(w http.ResponseWriter, r *http.Request) {
	h, err := s.Hackathons.Get(r.Context(), httpx.From(r).HackathonID)
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	s.renderHackathonForm(w, r, http.StatusOK, h, formFromInput(hackathon.InputOf(h)), nil)
}

func (s *Server) hackathonSave(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	h, err := s.Hackathons.Get(r.Context(), rq.HackathonID)
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	in, err := inputFromForm(r.PostForm)
	if err == nil {
		_, err = s.Hackathons.Update(r.Context(), h.ID, in, rq.UserID())
		if err == nil {
			flash(w, "flash.saved")
			redirect(w, r, hackathonPath(h.ID, ""))
			return
		}
	}
	if len(apperr.Fields(err)) == 0 {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	s.renderHackathonForm(w, r, http.StatusUnprocessableEntity, h, r.PostForm, err)
}

func (s *Server) dayAdd(w http.ResponseWriter, r *http.Request) {
	rq := httpx.From(r)
	d, err := date.Parse(r.FormValue("date"))
	if err == nil && d.IsZero() {
		err = apperr.Field("date", "required")
	}
	if err == nil {
		_, err = s.Hackathons.AddDay(r.Context(), rq.HackathonID, d, rq.UserID())
	}
	if err != nil {
		s.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	flash(w, "flash.day_added")
	redirect(w, r, hackathonPath(rq.HackathonID, ""))
}

func hackathonPath(id int64, sub string) string {
	return "/hackathons/" + strconv.FormatInt(id, 10) + sub
}
