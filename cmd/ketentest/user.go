package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ketentest/ketentest/internal/account"
	"github.com/ketentest/ketentest/internal/config"
)

func runUser(ctx context.Context, args []string, stdout io.Writer) error {
	const synopsis = "ketentest user create --email E --name N [--admin] [--can-create-hackathon]\n       ketentest user reset-password --email E"
	const about = "Creates an account or sets a new password (ending the account's sessions). The password comes from\n" +
		config.EnvPassword + " or the first line of stdin, never from the command line."
	if len(args) == 0 {
		return errors.New("user: say create or reset-password (ketentest user --help)")
	}
	if isHelp(args[0]) {
		printUsage(flag.NewFlagSet("user", flag.ContinueOnError), stdout, synopsis, about+"\n\nketentest user create --help lists the flags.")
		return flag.ErrHelp
	}
	var cfg config.Config
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	email := fs.String("email", "", "e-mail address of the account")
	name := fs.String("name", "", "full name (create)")
	admin := fs.Bool("admin", false, "make a platform administrator (create)")
	canCreate := fs.Bool("can-create-hackathon", false, "may create hackathons (create)")
	if err := loadSettings(&cfg, fs, args[1:], stdout, nil, synopsis, about); err != nil {
		return err
	}
	if args[0] != "create" && args[0] != "reset-password" {
		return fmt.Errorf("user: unknown action %q (create or reset-password)", args[0])
	}
	db, err := openMigrated(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	acc := account.NewService(db)
	password, err := readPassword(cfg.UserPassword)
	if err != nil {
		return err
	}
	switch args[0] {
	case "create":
		u, err := acc.Create(ctx, account.NewUser{Email: *email, Name: *name, Password: password, IsAdmin: *admin, CanCreateHackathon: *canCreate})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created account %d for %s\n", u.ID, u.Email)
	case "reset-password":
		u, err := acc.ByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("%s: %w", *email, err)
		}
		if err := acc.SetPassword(ctx, u.ID, password); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s reset; all its sessions ended\n", u.Email)
	default:
		return fmt.Errorf("user: unknown action %q (create or reset-password)", args[0])
	}
	return nil
}

// readPassword takes KETENTEST_PASSWORD or the first line of stdin, so the
// password never appears in the process list or shell history.
func readPassword(fromEnv string) (string, error) {
	if p := fromEnv; p != "" {
		return p, nil
	}
	fmt.Fprint(os.Stderr, "password: ")
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password given on stdin or in KETENTEST_PASSWORD")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
