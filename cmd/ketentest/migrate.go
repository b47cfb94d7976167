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
	cfg.Register(fs)
	if err := fs.Parse(args); err != nil {
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
