package testday_test

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/testday"
)

// FuzzParseSteps: the steps textarea parser never panics, and what it
// accepts writes back (FormatSteps) to text it reads again to the same
// steps.
func FuzzParseSteps(f *testing.F) {
	for _, s := range []string{"pgo | Haal op | Alles staat er | auto\n", "dva|a|b", "x", "|||", "pgo | a | b | c | d", "\r\n\n zorgaanbieder | a | b \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		steps, err := testday.ParseSteps(text)
		if err != nil {
			return
		}
		for _, st := range steps {
			if strings.ContainsAny(st.Action+st.Expected+st.ActingRole+st.Check, "|\n") {
				return // a field with a separator does not round-trip; the scenario's validation refuses empty parts
			}
		}
		again, err := testday.ParseSteps(testday.FormatSteps(steps))
		if err != nil || len(again) != len(steps) {
			t.Fatalf("round trip of %q: %v %d/%d", text, err, len(again), len(steps))
		}
	})
}

// FuzzSniffScreenshot: any upload either is refused naming the field
// "screenshot", or is a PNG or JPEG whose header decodes, within the size
// limit; it never panics.
func FuzzSniffScreenshot(f *testing.F) {
	var p bytes.Buffer
	png.Encode(&p, image.NewRGBA(image.Rect(0, 0, 3, 2)))
	var j bytes.Buffer
	jpeg.Encode(&j, image.NewRGBA(image.Rect(0, 0, 3, 2)), nil)
	var g bytes.Buffer
	gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black, color.White}), nil)
	for _, seed := range [][]byte{p.Bytes(), j.Bytes(), g.Bytes(), p.Bytes()[:30], []byte("<html><script>alert(1)</script>"), nil,
		append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 40)...), []byte("\xff\xd8\xff\xe0junk")} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ct, err := testday.SniffScreenshot(data)
		if err != nil {
			if fs := apperr.Fields(err); len(fs) != 1 || fs[0].Field != "screenshot" {
				t.Fatalf("refusal does not name the field: %v", err)
			}
			return
		}
		if ct != "image/png" && ct != "image/jpeg" || http.DetectContentType(data) != ct || len(data) > testday.MaxScreenshotBytes {
			t.Fatalf("accepted %q (%d bytes) as %s", http.DetectContentType(data), len(data), ct)
		}
		if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
			t.Fatalf("accepted an image whose header does not decode: %v", err)
		}
	})
}
