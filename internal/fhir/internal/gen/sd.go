package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type sdBundle struct {
	Entry []struct {
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}

type structureDefinition struct {
	ResourceType string `json:"resourceType"`
	ID           string `json:"id"`
	Type         string `json:"type"`
	Kind         string `json:"kind"`
	Abstract     bool   `json:"abstract"`
	FhirVersion  string `json:"fhirVersion"`
	Snapshot     struct {
		Element []elementDefinition `json:"element"`
	} `json:"snapshot"`
}

type elementDefinition struct {
	Path             string `json:"path"`
	Max              string `json:"max"`
	ContentReference string `json:"contentReference"`
	Type             []struct {
		Code      string `json:"code"`
		Extension []struct {
			URL      string `json:"url"`
			ValueURL string `json:"valueUrl"`
		} `json:"extension"`
	} `json:"type"`
}

// loadSDs reads the StructureDefinitions of a bundle file whose fhirVersion
// starts with versionPrefix (or that have none).
func loadSDs(path, versionPrefix string) ([]*structureDefinition, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var b sdBundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []*structureDefinition
	for _, e := range b.Entry {
		var head struct {
			ResourceType string `json:"resourceType"`
		}
		if err := json.Unmarshal(e.Resource, &head); err != nil {
			return nil, err
		}
		if head.ResourceType != "StructureDefinition" {
			continue
		}
		sd := new(structureDefinition)
		if err := json.Unmarshal(e.Resource, sd); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if sd.FhirVersion != "" && !strings.HasPrefix(sd.FhirVersion, versionPrefix) {
			continue // e.g. an R4B definition mixed into an R4 package
		}
		if sd.Kind == "logical" {
			continue
		}
		out = append(out, sd)
	}
	return out, nil
}

// systemTypes maps FHIRPath system types (used for .id and primitive .value) to FHIR types.
var systemTypes = map[string]string{
	"http://hl7.org/fhirpath/System.String":   "string",
	"http://hl7.org/fhirpath/System.Boolean":  "boolean",
	"http://hl7.org/fhirpath/System.Integer":  "integer",
	"http://hl7.org/fhirpath/System.Decimal":  "decimal",
	"http://hl7.org/fhirpath/System.Date":     "date",
	"http://hl7.org/fhirpath/System.DateTime": "dateTime",
	"http://hl7.org/fhirpath/System.Time":     "time",
}

// addSD converts one StructureDefinition snapshot into type definitions:
// the type itself plus one synthetic type per nested backbone element,
// named by its path (e.g. "Observation.referenceRange").
func addSD(t *table, sd *structureDefinition) error {
	kind := byte(kindComplex)
	switch sd.Kind {
	case "primitive-type":
		kind = primitiveKind(sd.ID)
	case "resource":
		kind = kindResource
		if sd.Abstract {
			kind = kindAbstract
		}
	}
	root := sd.Type
	rename := func(path string) string { return sd.ID + strings.TrimPrefix(path, root) }
	isResource := kind == kindResource || kind == kindAbstract

	hasKids := map[string]bool{}
	for _, ed := range sd.Snapshot.Element {
		if i := strings.LastIndexByte(ed.Path, '.'); i > 0 {
			hasKids[ed.Path[:i]] = true
		}
	}
	defs := map[string]*typeDef{root: {Name: sd.ID, Kind: kind}}
	order := []*typeDef{defs[root]}
	for _, ed := range sd.Snapshot.Element {
		i := strings.LastIndexByte(ed.Path, '.')
		if i < 0 {
			continue
		}
		parent, name := ed.Path[:i], ed.Path[i+1:]
		owner := defs[parent]
		if owner == nil {
			return fmt.Errorf("%s: element %s before its parent", sd.ID, ed.Path)
		}
		// Element ids and primitive values are XML attributes, not elements.
		if name == "id" && !(isResource && parent == root) {
			continue
		}
		if name == "value" && parent == root && sd.Kind == "primitive-type" {
			continue
		}
		if ed.Max == "0" {
			continue
		}
		e := elemDef{Name: name, Many: ed.Max != "1"}
		switch {
		case ed.ContentReference != "":
			e.Types = []string{rename(strings.TrimPrefix(ed.ContentReference, "#"))}
		case hasKids[ed.Path]:
			d := &typeDef{Name: rename(ed.Path), Kind: kindComplex}
			defs[ed.Path] = d
			order = append(order, d)
			e.Types = []string{d.Name}
		default:
			for _, ty := range ed.Type {
				code := ty.Code
				for _, x := range ty.Extension {
					if strings.HasSuffix(x.URL, "structuredefinition-fhir-type") && x.ValueURL != "" {
						code = x.ValueURL
					}
				}
				if s, ok := systemTypes[code]; ok {
					code = s
				}
				if code == "" {
					return fmt.Errorf("%s: no type", ed.Path)
				}
				e.Types = append(e.Types, code)
			}
		}
		owner.Elems = append(owner.Elems, e)
	}
	for _, d := range order {
		if err := t.add(d); err != nil {
			return err
		}
	}
	return nil
}
