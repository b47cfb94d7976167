package dossier

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// Removed reports whether resource typ/id is absent from the latest version
// of the dossier behind key ("<dossier id>:<patient id>") but was in an
// earlier one, for that patient or shared by all. The sandbox answers a read
// of such a resource with 410 Gone.
func (s *Store) Removed(ctx context.Context, key, typ, id string) (bool, error) {
	ids, patient, ok := strings.Cut(key, ":")
	did, err := strconv.ParseInt(ids, 10, 64)
	if !ok || err != nil {
		return false, ErrNotFound
	}
	var latest int
	if err := s.db.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) FROM dossier_versions WHERE dossier_id = ?", did).Scan(&latest); err != nil {
		return false, err
	}
	rows, err := s.db.Query(ctx, `SELECT v.version, r.patient_ref FROM dossier_resources r JOIN dossier_versions v ON v.id = r.version_id
		WHERE v.dossier_id = ? AND r.resource_type = ? AND r.resource_id = ?`, did, typ, id)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var version int
		var refs string
		if err := rows.Scan(&version, &refs); err != nil {
			return false, err
		}
		if version == latest {
			return false, nil // still there (for someone): not removed
		}
		if refs == "" || slices.Contains(strings.Split(refs, ","), patient) {
			found = true
		}
	}
	return found, rows.Err()
}
