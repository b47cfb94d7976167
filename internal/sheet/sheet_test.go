package sheet

import "testing"

func TestSafeCell(t *testing.T) {
	cases := map[string]string{"=SUM(A1)": "'=SUM(A1)", "+31": "'+31", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "PZP-42": "PZP-42", "": ""}
	for in, want := range cases {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
