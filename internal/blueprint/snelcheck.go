package blueprint

import "fmt"

// ChainRole is a participant's place in the exchange chain; it selects the
// default snelcheck items and evaluation questions.
type ChainRole string

// Chain roles. ChainOverig is for evaluation only (anyone outside the
// chain); it has no default snelcheck items.
const (
	ChainZorgaanbieder ChainRole = "zorgaanbieder" // care provider with its source system (XIS)
	ChainDVA           ChainRole = "dva"           // dienstverlener aanbieder
	ChainPGO           ChainRole = "pgo"           // PGO vendor (dienstverlener persoon, DVP)
	ChainOverig        ChainRole = "overig"
)

// ChainRoles returns the three roles of the exchange chain, in the order of
// the blueprint's snelcheck table.
func ChainRoles() []ChainRole { return []ChainRole{ChainZorgaanbieder, ChainDVA, ChainPGO} }

var chainLabels = map[ChainRole]Text{
	ChainZorgaanbieder: txt("Zorgaanbieder / bronsysteem", "Care provider / source system"),
	ChainDVA:           txt("DVA", "DVA"),
	ChainPGO:           txt("PGO-leverancier (DVP)", "PGO vendor (DVP)"),
	ChainOverig:        txt("Overig", "Other"),
}

// ChainRoleLabel returns the display name of a chain role.
func ChainRoleLabel(c ChainRole) Text {
	if l, ok := chainLabels[c]; ok {
		return l
	}
	return Text{NL: string(c), EN: string(c)}
}

// Label is ChainRoleLabel(c), for templates.
func (c ChainRole) Label() Text { return ChainRoleLabel(c) }

// ParseChainRole accepts a key ("dva", "pgo", "dvp", …) or a label.
func ParseChainRole(s string) (ChainRole, error) {
	if normKey(s) == "dvp" {
		return ChainPGO, nil
	}
	all := append(ChainRoles(), ChainOverig)
	if c, ok := parseKey(s, all, ChainRoleLabel); ok {
		return c, nil
	}
	return "", fmt.Errorf("blueprint: unknown chain role %q", s)
}

// SnelcheckDefaults returns the default snelcheck list per chain role
// (annex 3). The organisers adapt it per participant.
func SnelcheckDefaults() map[ChainRole][]Text {
	issueAccess := txt("Toegang tot het issuemanagementsysteem (PIM/JIRA)", "Access to the issue management system (PIM/JIRA)")
	declaration := txt("Verklaring succesvolle gegevensdienst/functionaliteit verzamelen en indienen",
		"Collect and submit the declaration of a successful data service/functionality")
	sandbox := txt("Aansluiten op de MedMij-zandbak", "Connect to the MedMij sandbox")
	return map[ChainRole][]Text{
		ChainZorgaanbieder: {
			issueAccess,
			txt("Testdossier klaarzetten", "Prepare the test dossier"),
			txt("Aansluiten op de testomgeving (bijvoorbeeld MedMij-zandbak of andere testomgeving)",
				"Connect to the test environment (e.g. the MedMij sandbox or another test environment)"),
			txt("Gegevens aanleveren bij InteropLAB", "Deliver data to InteropLAB"),
		},
		ChainDVA: {
			issueAccess,
			txt("Ondersteunen bij klaarzetten testdossier", "Support preparing the test dossier"),
			txt("Ondersteunen bij aansluiten op de testomgeving (bijvoorbeeld MedMij-zandbak of andere testomgeving)",
				"Support connecting to the test environment (e.g. the MedMij sandbox or another test environment)"),
			sandbox,
			declaration,
		},
		ChainPGO: {
			issueAccess,
			sandbox,
			txt("Whitelisten op andere testomgeving", "Get whitelisted on the other test environment"),
			declaration,
		},
	}
}

// SnelcheckGuidance returns the blueprint's points for drawing up a
// snelcheck list (annex 3).
func SnelcheckGuidance() []Text {
	return []Text{
		txt("Maak een specifieke snelchecklijst per deelnemer.", "Make a specific snelcheck list per participant."),
		txt("Bepaal zelf welke (aanvullende) stappen de deelnemers moeten doorlopen om deel te kunnen nemen aan de Hackathon.",
			"Decide which (additional) steps participants must complete to take part in the hackathon."),
		txt("Maak een FAQ/handleiding bij de snelcheck.", "Write an FAQ/manual for the snelcheck."),
		txt("Werk zoveel mogelijk met zelfverklaringen of automatisch testen (bijvoorbeeld via de testtool).",
			"Rely as much as possible on self-declarations or automated testing (e.g. through the test tool)."),
	}
}
