package demo

import (
	"context"
	"fmt"

	"github.com/ketentest/ketentest/internal/hackathon"
	"github.com/ketentest/ketentest/internal/participant"
	"github.com/ketentest/ketentest/internal/store"
)

// demoPeople are people of the demo organisations with attendance and diets.
var demoPeople = []struct {
	org            string
	in             participant.PersonInput
	product, versn string
}{
	{"Gezondapp BV", participant.PersonInput{Name: "Sanne Willems", Email: "sanne@gezondapp.example", JobTitle: "Productowner", AttendKickoff: true, AttendDays: []int{1, 2}, Dietary: "vegetarisch", IsContact: true}, "Gezondapp", "5.1"},
	{"Gezondapp BV", participant.PersonInput{Name: "Joris Kok", Email: "joris@gezondapp.example", JobTitle: "Ontwikkelaar", AttendDays: []int{1, 2}, IsIssueOwner: true}, "", ""},
	{"MijnDossier PGO", participant.PersonInput{Name: "Fatima Amrani", Email: "fatima@mijndossier.example", JobTitle: "Architect", AttendKickoff: true, AttendDays: []int{1}, Dietary: "halal", IsContact: true, IsIssueOwner: true}, "MijnDossier", "2024.3"},
	{"Zorgdata Connect", participant.PersonInput{Name: "Bas Hoekstra", Email: "bas@zorgdata.example", JobTitle: "Integratiespecialist", AttendKickoff: true, AttendDays: []int{1, 2}, Dietary: "glutenvrij", IsContact: true, IsIssueOwner: true}, "Connect DVA", "3.0"},
	{"Ziekenhuis Rivierenland (demo)", participant.PersonInput{Name: "Ingrid Vos", Email: "ingrid@rivierenland.example", JobTitle: "Informatiemanager", AttendDays: []int{2}, Dietary: "vegetarisch", IsContact: true}, "", ""},
}

// loadParticipantReg opens the demo registration form with an organiser
// question and fills the organisations with people, so that the
// organisation pages, catering summary and final list have content.
func loadParticipantReg(ctx context.Context, db *store.DB, h *hackathon.Hackathon, lead int64) error {
	ps := participant.NewService(db, nil) // nothing here sends mail
	if err := ps.SaveSettings(ctx, h.ID, participant.Settings{Open: true,
		PrivacyText: "We gebruiken je gegevens alleen voor de organisatie van deze hackathon en verwijderen ze drie maanden erna (demo)."}, lead); err != nil {
		return err
	}
	for _, q := range []participant.Question{
		{Label: "Welke FHIR-versie test je?", Kind: participant.KindChoice, Options: []string{"STU3", "R4"}, Required: true},
		{Label: "Neem je een eigen laptop mee?", Kind: participant.KindYesNo},
	} {
		if _, err := ps.SaveQuestion(ctx, h.ID, q, lead); err != nil {
			return fmt.Errorf("demo question: %w", err)
		}
	}
	for _, p := range demoPeople {
		var chain participant.ChainRole = participant.RoleOverig
		for _, o := range organisations {
			if o.name == p.org {
				chain = participant.ChainRole(o.chain)
			}
		}
		oid, err := ps.AddOrganisation(ctx, h.ID, p.org, chain, lead)
		if err != nil {
			return err
		}
		if p.product != "" {
			if _, err := ps.UpdateOrganisation(ctx, h.ID, oid, participant.OrgInput{Name: p.org, ChainRoles: []participant.ChainRole{chain},
				Product: p.product, ProductVersion: p.versn}, lead); err != nil {
				return err
			}
		}
		if _, err := ps.SavePerson(ctx, h, oid, 0, p.in, lead); err != nil {
			return fmt.Errorf("demo person %s: %w", p.in.Name, err)
		}
	}
	return nil
}
