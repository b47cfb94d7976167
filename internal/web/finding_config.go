package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/finding"
	"github.com/ketentest/ketentest/internal/httpx"
	"github.com/ketentest/ketentest/internal/i18n"
)

// config shows the per-hackathon pick lists (labels/epics 2M; category,
// theme and element 2N) and the actors with their responsible person.
func (p *findingPages) config(w http.ResponseWriter, r *http.Request) {
	p.renderConfig(w, r, http.StatusOK, nil)
}

func (p *findingPages) renderConfig(w http.ResponseWriter, r *http.Request, status int, formErr error) {
	v, ok := p.loadHackathon(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	opts := map[string]string{}
	for _, k := range finding.OptionKinds {
		vals, err := p.svc.Options(ctx, v.Hackathon.ID, k)
		if err != nil {
			p.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		opts[k] = strings.Join(vals, "\n")
	}
	actors, err := p.svc.Actors(ctx, v.Hackathon.ID)
	var orgs, members any
	if err == nil {
		orgs, err = p.Hackathons.Organisations(ctx)
	}
	if err == nil {
		members, err = p.Hackathons.Members(ctx, v.Hackathon.ID)
	}
	if err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	v.Title = i18n.T(v.Lang, "finding.config")
	v.D["Kinds"] = finding.OptionKinds
	v.D["Options"] = opts
	v.D["Actors"] = actors
	v.D["Organisations"] = orgs
	v.D["Members"] = members
	if formErr != nil {
		v.setErrors(formErr)
		if len(v.Errors) == 0 {
			v.Errors["form"] = formErr.Error()
		}
	}
	p.render(w, status, "finding_config", v)
}

func (p *findingPages) configSave(w http.ResponseWriter, r *http.Request, fn func() error) {
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, httpx.StatusOf(err), err)
		return
	}
	if err := fn(); err != nil {
		if st := httpx.StatusOf(err); st != http.StatusBadRequest {
			p.errorPage(w, r, st, err)
			return
		}
		p.renderConfig(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	flash(w, "flash.saved")
	redirect(w, r, hackathonPath(httpx.From(r).HackathonID, "/findings/config"))
}

func (p *findingPages) optionsSave(w http.ResponseWriter, r *http.Request) {
	p.configSave(w, r, func() error {
		rq := httpx.From(r)
		for _, k := range finding.OptionKinds {
			if _, ok := r.PostForm[k]; !ok {
				continue
			}
			if err := p.svc.SetOptions(r.Context(), rq.HackathonID, k, strings.Split(r.PostForm.Get(k), "\n"), rq.UserID()); err != nil {
				return err
			}
		}
		return nil
	})
}

func (p *findingPages) actorSave(w http.ResponseWriter, r *http.Request) {
	p.configSave(w, r, func() error {
		rq := httpx.From(r)
		org, _ := strconv.ParseInt(r.PostForm.Get("organisation_id"), 10, 64)
		resp, _ := strconv.ParseInt(r.PostForm.Get("responsible_id"), 10, 64)
		return p.svc.SetActor(r.Context(), rq.HackathonID, org, resp, rq.UserID())
	})
}
