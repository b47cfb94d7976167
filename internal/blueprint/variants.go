package blueprint

import "fmt"

// Variant is the kind of hackathon chosen from the canvas.
type Variant string

// The three variants (box 1 of the blueprint).
const (
	VariantRegulier    Variant = "regulier"
	VariantTechnisch   Variant = "technisch"
	VariantFunctioneel Variant = "functioneel"
)

// Variants returns the three variants, regular first.
func Variants() []Variant {
	return []Variant{VariantRegulier, VariantTechnisch, VariantFunctioneel}
}

var variantLabels = map[Variant]Text{
	VariantRegulier:    txt("Reguliere Hackathon", "Regular hackathon"),
	VariantTechnisch:   txt("Technische Hackathon", "Technical hackathon"),
	VariantFunctioneel: txt("Functionele Hackathon", "Functional hackathon"),
}

var variantDescriptions = map[Variant]Text{
	VariantRegulier: txt(
		"Inzicht in technische en functionele issues, zonder specifieke nadruk. Er wordt gekeken of de informatie volledig uitgewisseld wordt en hoe deze gepresenteerd wordt in de PGO; er zijn geen specifieke aandachtspunten rond techniek of functie.",
		"Insight into technical and functional issues without a particular emphasis. It checks whether information is exchanged completely and how it is presented in the PGO; there are no specific attention points on technology or function."),
	VariantTechnisch: txt(
		"Nadruk op het technisch goed kunnen uitwisselen van gezondheidsgegevens conform de gegevensdienst/functionaliteit: komen alle data volledig over? Hoe gegevens in de PGO gepresenteerd worden is niet van belang, wel dát ze getoond worden. Niet altijd is de hele keten (DVP, DVA, xIS en zorgaanbieder) nodig; ook met een kleine groep (5–10) specialisten kun je de techniek in (een deel van) de keten testen. Geeft inzicht in issues rond de gegevensdienst/functionaliteit, het MedMij Afsprakenstelsel en de technische implementatie bij PGO, DVA en bronsysteem.",
		"Emphasis on exchanging health data technically correctly according to the data service/functionality: does all data come across completely? How data is presented in the PGO does not matter, only that it is shown. The whole chain (DVP, DVA, xIS and care provider) is not always needed; a small group (5–10) of specialists can test the technology in (part of) the chain. Gives insight into issues around the data service/functionality, the MedMij trust framework and the technical implementation at PGO, DVA and source system."),
	VariantFunctioneel: txt(
		"Nadruk op hoe gezondheidsgegevens in de PGO gepresenteerd worden en of ze compleet zijn: worden de gegevens juist en begrijpelijk weergegeven? De techniek werkt (bijna) volledig; de focus ligt op de kwaliteit van de uitwisseling. Moment om met zorgaanbieders en/of patiënten het gesprek aan te gaan over PGO-gebruik. Vaak drukker bezocht (>50 deelnemers). Geeft inzicht in issues rond de gegevensdienst/functionaliteit, compleetheid van gegevens in het bronsysteem en de functionele implementatie bij PGO's.",
		"Emphasis on how health data is presented in the PGO and whether it is complete: is the data shown correctly and understandably? The technology (almost) fully works; the focus is on the quality of the exchange. A moment to talk with care providers and/or patients about using PGOs. Often busier (>50 participants). Gives insight into issues around the data service/functionality, completeness of data in the source system and the functional implementation in PGOs."),
}

// VariantLabel returns the display name of a variant.
func VariantLabel(v Variant) Text {
	if l, ok := variantLabels[v]; ok {
		return l
	}
	return Text{NL: string(v), EN: string(v)}
}

// VariantDescription returns what the variant emphasises and yields.
func VariantDescription(v Variant) Text { return variantDescriptions[v] }

// Label is VariantLabel(v), for templates.
func (v Variant) Label() Text { return VariantLabel(v) }

// Valid reports whether v is one of the three variants.
func (v Variant) Valid() bool {
	_, ok := variantLabels[v]
	return ok
}

// ParseVariant accepts a key ("technisch") or a label, case-insensitively.
func ParseVariant(s string) (Variant, error) {
	if v, ok := parseKey(s, Variants(), VariantLabel); ok {
		return v, nil
	}
	return "", fmt.Errorf("blueprint: unknown variant %q", s)
}
