package i18n

import "testing"

func TestEveryKeyInBothLanguages(t *testing.T) {
	for _, k := range Keys("nl") {
		if !Has("en", k) {
			t.Errorf("key %q has no English text", k)
		}
	}
	for _, k := range Keys("en") {
		if !Has("nl", k) {
			t.Errorf("key %q has no Dutch text", k)
		}
	}
}

func TestT(t *testing.T) {
	if T("nl", "nav.logout") != "Uitloggen" || T("en-GB", "nav.logout") != "Log out" {
		t.Fatalf("nav.logout = %q / %q", T("nl", "nav.logout"), T("en", "nav.logout"))
	}
	if T("nl", "no.such.key") != "no.such.key" {
		t.Fatal("unknown key must show itself")
	}
}
