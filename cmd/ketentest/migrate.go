package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ketentest/ketentest/internal/config"
)

func runMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	if err := loadSettings(&cfg, fs, args, stdout, nil, "ketentest migrate [flags]",
		"Applies the database migrations (serve does so at every start too) and prints the schema version."); err != nil {
		return err
	}
	db, err := openMigrated(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Version(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database %s is at schema version %d\n", cfg.RedactedDatabaseURL(), v)
	return nil
}
