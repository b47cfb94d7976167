package api

import (
	"net/http"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/httpx"
)

// CanvasField is one question of the canvas in the request language.
type CanvasField struct {
	Key       string `json:"key"`
	Label     string `json:"label"`
	Help      string `json:"help"`
	Multiline bool   `json:"multiline"`
}

// CanvasSection is one part of the canvas with its questions.
type CanvasSection struct {
	Key    string        `json:"key"`
	Title  string        `json:"title"`
	Fields []CanvasField `json:"fields"`
}

// Canvas is a hackathon's filled-in canvas with the field definitions.
type Canvas struct {
	Answers  hackathon.Canvas `json:"answers"`
	Filled   int              `json:"filled"`
	Total    int              `json:"total"`
	Sections []CanvasSection  `json:"sections"`
}

// CanvasInput sets canvas answers; keys not given stay as they are.
type CanvasInput struct {
	Answers hackathon.Canvas `json:"answers"`
}

func canvasOut(c hackathon.Canvas, lang string) Canvas {
	if c == nil {
		c = hackathon.Canvas{}
	}
	out := Canvas{Answers: c, Sections: []CanvasSection{}}
	out.Filled, out.Total = c.Filled()
	for _, s := range blueprint.CanvasSections() {
		sec := CanvasSection{Key: s.Key, Title: s.Title.In(lang), Fields: make([]CanvasField, 0, len(s.Fields))}
		for _, f := range s.Fields {
			sec.Fields = append(sec.Fields, CanvasField{Key: f.Key, Label: f.Label.In(lang), Help: f.Help.In(lang), Multiline: f.Multiline})
		}
		out.Sections = append(out.Sections, sec)
	}
	return out
}

func (h *handlers) canvasGet(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	var c hackathon.Canvas
	if err == nil {
		c, err = h.Hackathons.Canvas(r.Context(), hid)
	}
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, canvasOut(c, httpx.From(r).Lang))
}

func (h *handlers) canvasSave(w http.ResponseWriter, r *http.Request) {
	hid, err := hackathonID(r)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	var in CanvasInput
	if err := httpx.DecodeJSON(w, r, &in); err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	rq := httpx.From(r)
	if err := h.Hackathons.SaveCanvas(r.Context(), hid, in.Answers, rq.UserID()); err != nil {
		// Field errors name the canvas key; point them into the body.
		if fs := apperr.Fields(err); len(fs) > 0 {
			var v apperr.Invalid
			for _, f := range fs {
				v.Add("answers."+f.Field, f.Message)
			}
			err = v.Err()
		}
		httpx.WriteError(w, r, err)
		return
	}
	c, err := h.Hackathons.Canvas(r.Context(), hid)
	if err != nil {
		httpx.WriteError(w, r, err)
		return
	}
	ok(w, canvasOut(c, rq.Lang))
}
