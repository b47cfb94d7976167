package dossier

import "fmt"

// Kind says what a dossier is for (milestone 2H asks for several kinds).
type Kind string

// The kinds of dossier.
const (
	KindHappyFlow    Kind = "happyflow"     // the normal case every party must handle
	KindKwalificatie Kind = "kwalificatie"  // the data a qualification script expects
	KindBommen       Kind = "bommendossier" // extreme and edge-case data
	KindCustom       Kind = "custom"        // anything else
)

// Kinds lists the kinds in display order.
func Kinds() []Kind { return []Kind{KindHappyFlow, KindKwalificatie, KindBommen, KindCustom} }

// ParseKind accepts a kind's name; the empty string is KindCustom.
func ParseKind(s string) (Kind, error) {
	if s == "" {
		return KindCustom, nil
	}
	for _, k := range Kinds() {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown dossier kind %q", s)
}
