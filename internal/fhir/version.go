package fhir

// Version is a FHIR release.
type Version uint8

// The FHIR releases this package knows.
const (
	Unknown Version = iota // not (yet) determined
	STU3                   // FHIR 3.0.x
	R4                     // FHIR 4.0.x
)

// String returns "STU3", "R4" or "Unknown".
func (v Version) String() string {
	switch v {
	case STU3:
		return "STU3"
	case R4:
		return "R4"
	}
	return "Unknown"
}

// ParseVersion maps a FHIR version string ("3.0.1", "4.0", "R4", "STU3")
// to a Version.
func ParseVersion(s string) Version {
	switch {
	case s == "STU3" || s == "R3" || len(s) >= 3 && s[:3] == "3.0":
		return STU3
	case s == "R4" || len(s) >= 3 && s[:3] == "4.0":
		return R4
	}
	return Unknown
}
