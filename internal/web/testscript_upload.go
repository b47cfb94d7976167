package web

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/testscript"
)

// tsFieldError names the form field and the message of bad input.
type tsFieldError struct {
	field, key string
	args       []any
}

// serverScripts collects the XIS-Server scripts of a run: a set picked
// from the server's sets (field "set") and/or uploaded files (field
// "file"): single TestScripts, or zips of a script folder whose scripts
// get their fixtures relative to themselves. PHR-Client and _LoadResources
// scripts in a zip are left out: the first describe a client, the second
// are loaded onto the server by the participant.
func serverScripts(r *http.Request) ([]*testscript.Script, []string, *tsFieldError) {
	var scripts []*testscript.Script
	var names []string
	if id := strings.TrimSpace(r.PostForm.Get("set")); id != "" {
		ss, err := testscript.LoadSet(testscript.SetsDir(), id, testscript.ServerSet)
		if err != nil {
			return nil, nil, &tsFieldError{"set", "testscript.err.set", nil}
		}
		scripts = append(scripts, ss...)
		names = append(names, id)
	}
	hdrs := r.MultipartForm.File["file"]
	if len(hdrs) > MaxTestscriptFiles {
		return nil, nil, &tsFieldError{"file", "testscript.err.too_many", []any{MaxTestscriptFiles}}
	}
	for _, h := range hdrs {
		name := h.Filename
		if i := strings.LastIndexAny(name, `/\`); i >= 0 {
			name = name[i+1:]
		}
		f, err := h.Open()
		if err != nil {
			return nil, nil, &tsFieldError{"file", "testscript.err.unreadable", []any{name, err.Error()}}
		}
		data, err := io.ReadAll(io.LimitReader(f, MaxTestscriptUpload+1))
		f.Close()
		if err != nil {
			return nil, nil, &tsFieldError{"file", "testscript.err.unreadable", []any{name, err.Error()}}
		}
		if strings.EqualFold(path.Ext(name), ".zip") {
			ss, err := testscript.LoadZip(data, testscript.DefaultZipLimits)
			if err != nil {
				return nil, nil, &tsFieldError{"file", "testscript.err.zip", []any{name, err.Error()}}
			}
			n := 0
			for _, s := range ss {
				if s.ClientUnderTest || testscript.IsLoadResources(s) {
					continue
				}
				s.File = name + "/" + s.File
				scripts = append(scripts, s)
				n++
			}
			if n == 0 {
				return nil, nil, &tsFieldError{"file", "testscript.err.zip_empty", []any{name}}
			}
			names = append(names, name)
			continue
		}
		if len(data) > testscript.MaxScriptBytes {
			err = errors.New("too large")
		}
		var s *testscript.Script
		if err == nil {
			s, err = testscript.Parse(data, fhir.Unknown)
		}
		if err != nil {
			return nil, nil, &tsFieldError{"file", "testscript.err.unreadable", []any{name, err.Error()}}
		}
		s.File = name
		scripts = append(scripts, s)
		names = append(names, name)
	}
	if len(scripts) == 0 {
		return nil, nil, &tsFieldError{"file", "testscript.err.no_files", nil}
	}
	if len(scripts) > MaxTestscriptFiles*2 {
		return nil, nil, &tsFieldError{"file", "testscript.err.too_many", []any{MaxTestscriptFiles * 2}}
	}
	return scripts, names, nil
}
