package main

import (
	"context"
	"flag"
	"io"
	"os"

	"github.com/ketentest/ketentest/internal/config"
)

// loadSettings registers every setting on fs (next to the command's own
// flags), parses args and resolves the configuration: flag, then
// KETENTEST_* variable, then default, validated. demo, when not nil, is
// the command's --demo flag, which changes some defaults.
func loadSettings(cfg *config.Config, fs *flag.FlagSet, args []string, stdout io.Writer, demo *bool, synopsis, about string) error {
	cfg.Register(fs)
	if err := parseFlags(fs, args, stdout, synopsis, about); err != nil {
		return err
	}
	if demo != nil {
		cfg.Demo = *demo
	}
	return cfg.Resolve(os.LookupEnv)
}

// runConfig prints every setting, its value and where it came from, with
// secrets masked; it fails (after printing) when the settings are invalid.
func runConfig(_ context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	demo := fs.Bool("demo", false, "show the settings as serve --demo would use them")
	err := loadSettings(&cfg, fs, args, stdout, demo, "ketentest config [--demo] [flags]",
		"Prints every setting (flag and KETENTEST_* environment variable), the value in force and where it came from\n"+
			"(flag, environment, default or derived). Secrets are masked. Fails when a setting is invalid.")
	if err == flag.ErrHelp {
		return err
	}
	if perr := cfg.Print(stdout); perr != nil {
		return perr
	}
	return err
}
