package dossier

import (
	"context"
	"database/sql"
	"errors"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
)

// ImportOptions says how an upload becomes the next version of a dossier.
type ImportOptions struct {
	Mode Mode
	// BaseVersion, when above 0, is the version the uploader looked at: the
	// import is refused with a *VersionConflict when the dossier has another
	// latest version by the time it is stored. 0 builds on whatever version
	// is latest then.
	BaseVersion int
	Meta        Meta
	// Limits bound the upload; the zero value means DefaultLimits.
	Limits Limits
}

// VersionConflict is an import built on a version that is no longer the
// latest. It unwraps to an *apperr.Conflict (HTTP 409).
type VersionConflict struct {
	Latest, Base int
}

func (e *VersionConflict) Error() string { return e.Reason().Error() }

// Reason is the conflict as a translatable Reason.
func (e *VersionConflict) Reason() *Reason {
	return &Reason{Code: "base_version", Args: []any{e.Latest, e.Base}}
}

func (e *VersionConflict) Unwrap() error { return &apperr.Conflict{Message: e.Reason().Error()} }

// ImportVersion is the one import of an upload, for the web pages and the
// API alike: it reads files within the limits (nothing is stored when that
// fails) and stores the result as the next version in one transaction that
// locks the dossier, reads the latest version, checks it against
// opt.BaseVersion, applies the import to it (Merge) or replaces it, and
// inserts the new version. Two concurrent imports of one dossier therefore
// queue: the second builds on the first (or gets a VersionConflict when it
// named the base it expected), and neither is lost.
func (s *Store) ImportVersion(ctx context.Context, info Info, files []File, opt ImportOptions) (int, error) {
	lim := opt.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	imp, err := ImportFiles(files, info.FHIRVersion, lim)
	if err != nil {
		return 0, err
	}
	return s.SaveImport(ctx, info, imp, opt)
}

// SaveImport stores an import as the next version (see ImportVersion).
func (s *Store) SaveImport(ctx context.Context, info Info, imp *Imported, opt ImportOptions) (int, error) {
	mode := opt.Mode
	if mode != Merge {
		mode = Replace
	}
	var version int
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		// Imports of one dossier queue here: a row lock on PostgreSQL, the
		// single writer on SQLite.
		lock := "SELECT id FROM dossiers WHERE id = ?"
		if s.db.Dialect == store.Postgres {
			lock += " FOR UPDATE"
		}
		var id int64
		if err := tx.QueryRow(ctx, lock, info.ID).Scan(&id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		var latest int
		var vid sql.NullInt64
		err := tx.QueryRow(ctx, "SELECT version, id FROM dossier_versions WHERE dossier_id = ? ORDER BY version DESC LIMIT 1", info.ID).Scan(&latest, &vid)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if opt.BaseVersion > 0 && opt.BaseVersion != latest {
			return &VersionConflict{Latest: latest, Base: opt.BaseVersion}
		}
		var base []*fhir.Resource
		if mode == Merge && vid.Valid {
			if base, err = loadResources(ctx, tx, info.FHIRVersion, vid.Int64); err != nil {
				return err
			}
		}
		rs, err := Apply(base, imp, mode)
		if err != nil {
			return err
		}
		rows, err := prepare(info.Name, info.FHIRVersion, rs)
		if err != nil {
			return err
		}
		version, err = insertVersion(ctx, tx, info.ID, info.HackathonID, info.FHIRVersion, opt.Meta, rows)
		return err
	})
	changed()
	return version, err
}
