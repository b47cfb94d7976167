package validate

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Position is a line and column (both from 1) in a source text.
type Position struct{ Line, Column int }

// zeroIndex drops "[0]" so that locations with and without an index on
// a first or single item compare equal.
var zeroIndex = regexp.MustCompile(`\[0\]`)

func normLoc(loc string) string { return zeroIndex.ReplaceAllString(loc, "") }

// Locate sets Line and Column of the issues whose FHIRPath location is
// found in data, the JSON or XML text the resource was parsed from. It
// reads data again with the standard decoders; text it cannot read
// leaves the issues without positions.
func Locate(issues []Issue, data []byte) {
	pos := positions(data)
	for i := range issues {
		loc := normLoc(issues[i].Location)
		for loc != "" {
			if p, ok := pos[loc]; ok {
				issues[i].Line, issues[i].Column = p.Line, p.Column
				break
			}
			// an element that is missing is reported on its parent; an
			// unknown one may not be found: fall back to the parent
			k := strings.LastIndexByte(loc, '.')
			if k < 0 {
				break
			}
			loc = loc[:k]
		}
	}
}

func positions(data []byte) map[string]Position {
	out := map[string]Position{}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 {
		return out
	}
	defer func() { _ = recover() }() // positions are a nicety; never fail
	if trimmed[0] == '{' {
		jsonPositions(data, out)
	} else {
		xmlPositions(data, out)
	}
	return out
}

func lineCol(data []byte, off int64) Position {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := int(off) - bytes.LastIndexByte(data[:off], '\n')
	return Position{line, col}
}

func jsonPositions(data []byte, out map[string]Position) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(loc string, depth int) error
	// walk reads one value; loc is its location
	walk = func(loc string, depth int) error {
		if depth > 200 {
			return fmt.Errorf("too deep")
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			for dec.More() {
				off := dec.InputOffset()
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := kt.(string)
				if key == "resourceType" {
					if _, err := dec.Token(); err != nil {
						return err
					}
					continue
				}
				name := strings.TrimPrefix(key, "_")
				child := loc + "." + name
				if loc == "" {
					child = name
				}
				p := lineCol(data, skipToQuote(data, off))
				if _, seen := out[normLoc(child)]; !seen {
					out[normLoc(child)] = p
				}
				if err := walkArray(dec, data, child, depth, out, walk); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(loc, depth+1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	// the root object: its location is the resource type
	var probe struct {
		ResourceType string `json:"resourceType"`
	}
	if json.Unmarshal(data, &probe) != nil || probe.ResourceType == "" {
		return
	}
	out[probe.ResourceType] = Position{1, 1}
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return
	}
	for dec.More() {
		off := dec.InputOffset()
		kt, err := dec.Token()
		if err != nil {
			return
		}
		key, _ := kt.(string)
		if key == "resourceType" {
			dec.Token()
			continue
		}
		child := probe.ResourceType + "." + strings.TrimPrefix(key, "_")
		if _, seen := out[normLoc(child)]; !seen {
			out[normLoc(child)] = lineCol(data, skipToQuote(data, off))
		}
		if walkArray(dec, data, child, 0, out, walk) != nil {
			return
		}
	}
}

// walkArray reads the value of a member: an array gets indexed locations.
func walkArray(dec *json.Decoder, data []byte, loc string, depth int, out map[string]Position, walk func(string, int) error) error {
	if !dec.More() {
		return nil
	}
	// peek: arrays are handled here so that each item gets its index
	off := dec.InputOffset()
	rest := bytes.TrimLeft(data[off:], " \t\r\n:")
	if len(rest) > 0 && rest[0] == '[' {
		if _, err := dec.Token(); err != nil {
			return err
		}
		for i := 0; dec.More(); i++ {
			item := fmt.Sprintf("%s[%d]", loc, i)
			ioff := dec.InputOffset()
			if _, seen := out[normLoc(item)]; !seen {
				p := bytes.TrimLeft(data[ioff:], " \t\r\n,")
				out[normLoc(item)] = lineCol(data, int64(len(data)-len(p)))
			}
			if err := walk(item, depth+1); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	}
	return walk(loc, depth+1)
}

func skipToQuote(data []byte, off int64) int64 {
	for off < int64(len(data)) && data[off] != '"' {
		off++
	}
	return off
}

// resourceHolders are XML elements whose child element is a resource
// wrapped in its type name (which FHIRPath locations skip).
var resourceHolders = map[string]bool{"resource": true, "contained": true}

func xmlPositions(data []byte, out map[string]Position) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	type frame struct {
		loc    string
		counts map[string]int
		skip   bool // a resource wrapper: its child continues the parent location
	}
	var stack []*frame
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			start := off + int64(bytes.IndexByte(data[off:], '<'))
			p := lineCol(data, start)
			if len(stack) == 0 {
				stack = append(stack, &frame{loc: name, counts: map[string]int{}})
				out[name] = p
				continue
			}
			top := stack[len(stack)-1]
			if top.skip {
				stack = append(stack, &frame{loc: top.loc, counts: map[string]int{}})
				continue
			}
			i := top.counts[name]
			top.counts[name]++
			loc := fmt.Sprintf("%s.%s[%d]", top.loc, name, i)
			if _, seen := out[normLoc(loc)]; !seen {
				out[normLoc(loc)] = p
			}
			stack = append(stack, &frame{loc: loc, counts: map[string]int{}, skip: resourceHolders[name]})
			if name == "div" {
				dec.Skip()
				stack = stack[:len(stack)-1]
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}
