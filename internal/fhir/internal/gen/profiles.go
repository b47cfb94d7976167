package main

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// profileURLs returns the canonical URLs of the StructureDefinitions
// (profiles and extensions) in the XML files of the given directories.
func profileURLs(dirs ...string) (map[string]bool, error) {
	urls := map[string]bool{}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if u := sdURL(data); u != "" {
				urls[u] = true
			}
		}
	}
	return urls, nil
}

// sdURL returns StructureDefinition.url of an XML resource, or "".
func sdURL(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 && t.Name.Local != "StructureDefinition" {
				return ""
			}
			if depth == 2 && t.Name.Local == "url" {
				for _, a := range t.Attr {
					if a.Name.Local == "value" {
						return a.Value
					}
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

// onlyIn returns the URLs of a that are not in b, sorted, one per line.
func onlyIn(a, b map[string]bool) string {
	var out []string
	for u := range a {
		if !b[u] {
			out = append(out, u)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n") + "\n"
}
