// Package synth writes ketentest's own test dossiers: synthetic BgZ (MedMij
// data service 48, FHIR STU3, zib2017) and vaccination (63, R4) dossiers
// for invented patients, and a seeded generator of a bommendossier with
// extreme and edge-case data. Nothing here is copied from the Nictiz
// fixtures; the patients follow the MedMij conventions for test identities
// (an XXX_ family name) and carry no BSN, since a DVA may not serve one.
package synth

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ketentest/ketentest/internal/fhir"
)

// obj is a JSON object with its keys in the order written, so that the
// resources come out in FHIR definition order (which XML requires).
type obj []any

func o(kv ...any) obj { return obj(kv) }

func (x obj) MarshalJSON() ([]byte, error) { return appendJSON(nil, x) }

// appendJSON writes v (obj, []any, string, json.Number, bool, int) as JSON.
// nil members of an obj are left out; nil array items are written as null.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case obj:
		if len(x)%2 != 0 {
			return nil, fmt.Errorf("synth: odd object %v", x)
		}
		b = append(b, '{')
		first := true
		for i := 0; i < len(x); i += 2 {
			if x[i+1] == nil {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = appendString(b, x[i].(string))
			b = append(b, ':')
			if b, err = appendJSON(b, x[i+1]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []any:
		b = append(b, '[')
		for i, e := range x {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case string:
		return appendString(b, x), nil
	case json.Number:
		return append(b, x...), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	}
	return nil, fmt.Errorf("synth: cannot write %T", v)
}

func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, fmt.Sprintf("\\u%04x", c)...)
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func arr(xs ...any) []any { return xs }

func dec(s string) json.Number { return json.Number(s) }

func coding(system, code, display string) obj {
	return o("system", system, "code", code, "display", display)
}

func cc(system, code, display string) obj {
	return o("coding", arr(coding(system, code, display)))
}

func ref(typ, id, display string) obj {
	return o("reference", typ+"/"+id, "display", display)
}

func ident(system, value string) obj { return o("system", system, "value", value) }

func qty(value, unit string) obj {
	return o("value", dec(value), "unit", unit, "system", ucum, "code", unit)
}

const (
	sct      = "http://snomed.info/sct"
	loinc    = "http://loinc.org"
	ucum     = "http://unitsofmeasure.org"
	atc      = "http://www.whocc.no/atc"
	v3Role   = "http://hl7.org/fhir/v3/RoleCode"
	v3Act    = "http://hl7.org/fhir/v3/ActCode"
	agb      = "http://fhir.nl/fhir/NamingSystem/agb-z"
	big      = "http://fhir.nl/fhir/NamingSystem/big"
	uzi      = "http://fhir.nl/fhir/NamingSystem/uzi-nr-pers"
	nlcore   = "http://fhir.nl/fhir/StructureDefinition/"
	nictiz   = "http://nictiz.nl/fhir/StructureDefinition/"
	patNrSys = "https://ketentest.nl/fhir/NamingSystem/testpatientnummer"
	route    = "urn:oid:2.16.840.1.113883.2.4.4.9" // G-Standaard toedieningswegen
)

func meta(profile string) obj { return o("profile", arr(profile)) }

// parse turns built objects into resources of version v.
func parse(v fhir.Version, objs []obj) ([]*fhir.Resource, error) {
	out := make([]*fhir.Resource, 0, len(objs))
	for _, x := range objs {
		data, err := appendJSON(nil, x)
		if err != nil {
			return nil, err
		}
		r, err := fhir.ParseOptions{Version: v}.ParseJSON(data)
		if err != nil {
			return nil, fmt.Errorf("synth: %s: %w", data[:min(len(data), 80)], err)
		}
		out = append(out, r)
	}
	return out, nil
}
