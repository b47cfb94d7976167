// Package synth writes ketentest's own test dossiers: synthetic BgZ (MedMij
// data service 48, FHIR STU3, zib2017) and vaccination (63, R4) dossiers
// for invented patients, and a seeded generator of a bommendossier with
// extreme and edge-case data. Nothing here is copied from the Nictiz
// fixtures; the patients follow the MedMij conventions for test identities
// (an XXX_ family name) and carry no BSN, since a DVA may not serve one.
package synth

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ketentest/ketentest/internal/fhir"
)

// obj is a JSON object with its keys in the order written, so that the
// resources come out in FHIR definition order (which XML requires).
type obj []any

func o(kv ...any) obj { return obj(kv) }

func (x obj) MarshalJSON() ([]byte, error) {
	if len(x)%2 != 0 {
		return nil, fmt.Errorf("synth: odd object %v", x)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for i := 0; i < len(x); i += 2 {
		if x[i+1] == nil {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, err := json.Marshal(x[i])
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(x[i+1])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
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
		data, err := json.Marshal(x)
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
