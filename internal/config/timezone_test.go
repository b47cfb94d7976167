package config

import (
	"flag"
	"strings"
	"testing"
)

func TestTimeZoneDefaultEnvAndFlag(t *testing.T) {
	for _, tc := range []struct {
		env, flag, want string
	}{
		{"", "", "Europe/Amsterdam"},
		{"UTC", "", "UTC"},
		{"UTC", "America/New_York", "America/New_York"},
	} {
		if tc.env != "" {
			t.Setenv("KETENTEST_TIMEZONE", tc.env)
		}
		var c Config
		fs := flag.NewFlagSet("x", flag.ContinueOnError)
		c.Register(fs)
		var args []string
		if tc.flag != "" {
			args = []string{"--timezone", tc.flag}
		}
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		loc, err := c.Location()
		if err != nil || loc.String() != tc.want {
			t.Fatalf("env %q flag %q: location %v, %v; want %s", tc.env, tc.flag, loc, err, tc.want)
		}
	}
}

func TestTimeZoneRejectsUnknown(t *testing.T) {
	c := Config{TimeZone: "Mars/Olympus"}
	if _, err := c.Location(); err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Fatalf("err = %v, want one naming the zone", err)
	}
}
