package authz_test

import (
	"testing"

	"github.com/ketentest/ketentest/internal/authz"
	"github.com/ketentest/ketentest/internal/blueprint"
)

func TestDenyByDefault(t *testing.T) {
	if authz.Allowed("no.such.permission", authz.Subject{LoggedIn: true, IsAdmin: true}) {
		t.Fatal("unknown permission granted")
	}
	for _, p := range authz.Permissions() {
		if p == authz.Public {
			continue
		}
		if authz.Allowed(p, authz.Subject{}) {
			t.Errorf("%s granted to an anonymous visitor", p)
		}
		if authz.HackathonScoped(p) && authz.Allowed(p, authz.Subject{LoggedIn: true}) {
			t.Errorf("%s granted to a user without a role", p)
		}
	}
}

func TestRoleGrants(t *testing.T) {
	in := func(r blueprint.Role) authz.Subject { return authz.Subject{LoggedIn: true, Roles: []blueprint.Role{r}} }
	cases := []struct {
		p    authz.Permission
		role blueprint.Role
		want bool
	}{
		{authz.DecisionRecord, blueprint.RoleOpdrachtgever, true},
		{authz.DecisionRecord, blueprint.RoleProjectleider, false},
		{authz.MilestoneEdit, blueprint.RoleEventplanner, true},
		{authz.MilestoneEdit, blueprint.RoleDeelnemer, false},
		{authz.PlanView, blueprint.RoleDeelnemer, false},
		{authz.PlanView, blueprint.RoleObserver, true},
		{authz.HackathonView, blueprint.RoleDeelnemer, true},
		{authz.CanvasEdit, blueprint.RoleProjectleider, true},
		{authz.CanvasEdit, blueprint.RoleTestcoordinator, false},
		{authz.MembersManage, blueprint.RoleRelatiemanager, false},
	}
	for _, c := range cases {
		if got := authz.Allowed(c.p, in(c.role)); got != c.want {
			t.Errorf("Allowed(%s, %s) = %v, want %v", c.p, c.role, got, c.want)
		}
	}
}
