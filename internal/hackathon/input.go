package hackathon

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
)

// Input is what a person enters to create or edit a hackathon.
type Input struct {
	Code          string        `json:"code"`
	Name          string        `json:"name"`
	Variant       string        `json:"variant"`
	Description   string        `json:"description"`
	Location      string        `json:"location"`
	Kickoff       date.Date     `json:"kickoff_date"`
	Days          []date.Date   `json:"days"`
	Services      []DataService `json:"data_services"`
	Financier     string        `json:"financier"`
	ClientOrg     string        `json:"client_org"`
	ContractorOrg string        `json:"contractor_org"`
}

var codePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,9}$`)

// FHIRVersions are the FHIR versions a data service may name.
var FHIRVersions = []string{"", "STU3", "R4", "R5"}

// Validate trims the input and reports every wrong field at once.
func (in *Input) Validate() error {
	var v apperr.Invalid
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	in.Location = strings.TrimSpace(in.Location)
	if !codePattern.MatchString(in.Code) {
		v.Add("code", "2 to 10 capital letters or digits, starting with a letter (used to number findings, e.g. PZP-42)")
	}
	switch {
	case in.Name == "":
		v.Required("name")
	case len(in.Name) > 200:
		v.TooLong("name", "200")
	}
	if _, err := blueprint.ParseVariant(in.Variant); err != nil {
		v.Add("variant", "must be regulier, technisch or functioneel")
	} else {
		vv, _ := blueprint.ParseVariant(in.Variant)
		in.Variant = string(vv)
	}
	if len(in.Description) > 10000 {
		v.TooLong("description", "10,000")
	}
	if len(in.Location) > 500 {
		v.TooLong("location", "500")
	}
	var days []date.Date
	for _, d := range in.Days {
		if !d.IsZero() {
			days = append(days, d)
		}
	}
	in.Days = days
	if len(in.Days) > 10 {
		v.Add("days", "at most 10 hackathon days")
	}
	for i := 1; i < len(in.Days); i++ {
		if !in.Days[i-1].Before(in.Days[i]) {
			v.Add("days", "hackathon days must be in order and on different dates")
			break
		}
	}
	if !in.Kickoff.IsZero() && len(in.Days) > 0 && !in.Kickoff.Before(in.Days[0]) {
		v.Add("kickoff_date", "the kick-off must come before day 1")
	}
	var services []DataService
	for i, s := range in.Services {
		s.ServiceID, s.Name = strings.TrimSpace(s.ServiceID), strings.TrimSpace(s.Name)
		s.Standard, s.FHIRVersion = strings.TrimSpace(s.Standard), strings.ToUpper(strings.TrimSpace(s.FHIRVersion))
		if s == (DataService{}) {
			continue
		}
		if s.ServiceID == "" || s.Name == "" {
			v.Add(fieldN("data_services", i), "a data service needs an id and a name")
		}
		if !oneOf(s.FHIRVersion, FHIRVersions) {
			v.Add(fieldN("data_services", i)+".fhir_version", "must be STU3, R4, R5 or empty")
		}
		services = append(services, s)
	}
	in.Services = services
	for _, f := range []struct{ name, val string }{{"financier", in.Financier}, {"client_org", in.ClientOrg}, {"contractor_org", in.ContractorOrg}} {
		if len(f.val) > 200 {
			v.TooLong(f.name, "200")
		}
	}
	return v.Err()
}

func fieldN(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}
