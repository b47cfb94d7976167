package config

import (
	"strings"
	"testing"
)

func TestTrustedProxies(t *testing.T) {
	for _, c := range []struct {
		env, want string
		bad       bool
	}{
		{"", "", false},
		{"10.0.0.0/8, 192.0.2.1 ,fd00::/8", "10.0.0.0/8 192.0.2.1/32 fd00::/8", false},
		{"10.1.2.3/8", "10.0.0.0/8", false},
		{"proxy.example", "", true},
		{"10.0.0.0/33", "", true},
	} {
		cfg, err := load(t, map[string]string{"KETENTEST_TRUSTED_PROXIES": c.env})
		if (err != nil) != c.bad {
			t.Errorf("%q: err = %v", c.env, err)
			continue
		}
		if c.bad {
			if !strings.Contains(err.Error(), "KETENTEST_TRUSTED_PROXIES") {
				t.Errorf("%q: the error does not name the setting: %v", c.env, err)
			}
			continue
		}
		var got []string
		for _, p := range cfg.TrustedProxies {
			got = append(got, p.String())
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: %v, want %s", c.env, got, c.want)
		}
	}
	if cfg, err := load(t, nil, "--trusted-proxies", "172.16.0.0/12"); err != nil || len(cfg.TrustedProxies) != 1 {
		t.Fatalf("flag: %v %v", cfg.TrustedProxies, err)
	}
}
