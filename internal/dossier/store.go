package dossier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
)

// Info describes a stored dossier set and its latest version.
type Info struct {
	ID          int64
	HackathonID int64 // 0 when not tied to a hackathon
	Name        string
	ServiceID   string // MedMij data service, e.g. "48"
	FHIRVersion fhir.Version
	Version     int // latest version number, 0 when none
	Resources   int // resources in the latest version
	CreatedAt   time.Time
}

// Store keeps dossier sets in the database. It implements Source over the
// latest version of every set; parsed versions are cached in memory.
type Store struct {
	db    *store.DB
	mu    sync.Mutex
	cache map[int64]*Set // by dossier_versions.id
}

// NewStore returns a Store over db.
func NewStore(db *store.DB) *Store { return &Store{db: db, cache: map[int64]*Set{}} }

// Create makes an empty dossier set and returns its id.
func (s *Store) Create(ctx context.Context, hackathonID int64, name, serviceID string, v fhir.Version) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, errors.New("dossier: name is required")
	}
	if v == fhir.Unknown {
		return 0, errors.New("dossier: FHIR version is required")
	}
	var hid any
	if hackathonID != 0 {
		hid = hackathonID
	}
	return s.db.Insert(ctx, "INSERT INTO dossiers (hackathon_id, name, service_id, fhir_version, created_at) VALUES (?, ?, ?, ?, ?)",
		hid, name, serviceID, v.String(), time.Now().UTC())
}

// AddVersion stores resources as the next version of dossier id and returns
// the version number. The resources must form a valid Set.
func (s *Store) AddVersion(ctx context.Context, id int64, note string, resources []*fhir.Resource) (int, error) {
	info, err := s.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	set, err := NewSet(info.Name, "", resources)
	if err != nil {
		return 0, err
	}
	if set.FHIRVersion != fhir.Unknown && set.FHIRVersion != info.FHIRVersion {
		return 0, fmt.Errorf("dossier: resources are %s, the dossier is %s", set.FHIRVersion, info.FHIRVersion)
	}
	type row struct {
		typ, id, patient string
		body             []byte
	}
	rows := make([]row, 0, len(resources))
	for _, r := range resources {
		body, err := fhir.MarshalJSON(r)
		if err != nil {
			return 0, fmt.Errorf("dossier: %s/%s: %w", r.Type(), r.ID(), err)
		}
		rows = append(rows, row{r.Type(), r.ID(), strings.Join(PatientRefs(r), ","), body})
	}
	var version int
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM dossier_versions WHERE dossier_id = ?", id).Scan(&version); err != nil {
			return err
		}
		vid, err := tx.Insert(ctx, "INSERT INTO dossier_versions (dossier_id, version, note, created_at) VALUES (?, ?, ?, ?)",
			id, version, note, time.Now().UTC())
		if err != nil {
			return err
		}
		for _, r := range rows {
			if _, err := tx.Exec(ctx, "INSERT INTO dossier_resources (version_id, resource_type, resource_id, patient_ref, fhir_version, body) VALUES (?, ?, ?, ?, ?, ?)",
				vid, r.typ, r.id, r.patient, info.FHIRVersion.String(), string(r.body)); err != nil {
				return err
			}
		}
		return nil
	})
	return version, err
}

// Get returns one dossier set.
func (s *Store) Get(ctx context.Context, id int64) (Info, error) {
	list, err := s.list(ctx, "WHERE d.id = ?", id)
	if err != nil {
		return Info{}, err
	}
	if len(list) == 0 {
		return Info{}, ErrNotFound
	}
	return list[0], nil
}

// List returns every dossier set, by name.
func (s *Store) List(ctx context.Context) ([]Info, error) { return s.list(ctx, "") }

func (s *Store) list(ctx context.Context, where string, args ...any) ([]Info, error) {
	rows, err := s.db.Query(ctx, `SELECT d.id, COALESCE(d.hackathon_id, 0), d.name, d.service_id, d.fhir_version, d.created_at,
		COALESCE((SELECT MAX(v.version) FROM dossier_versions v WHERE v.dossier_id = d.id), 0),
		COALESCE((SELECT COUNT(*) FROM dossier_resources r JOIN dossier_versions v ON v.id = r.version_id
			WHERE v.dossier_id = d.id AND v.version = (SELECT MAX(v2.version) FROM dossier_versions v2 WHERE v2.dossier_id = d.id)), 0)
		FROM dossiers d `+where+` ORDER BY d.name, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Info
	for rows.Next() {
		var i Info
		var v string
		if err := rows.Scan(&i.ID, &i.HackathonID, &i.Name, &i.ServiceID, &v, &i.CreatedAt, &i.Version, &i.Resources); err != nil {
			return nil, err
		}
		i.FHIRVersion = fhir.ParseVersion(v)
		out = append(out, i)
	}
	return out, rows.Err()
}

// Version returns the resources of version n (0: the latest) of dossier id.
func (s *Store) Version(ctx context.Context, id int64, n int) (*Set, error) {
	var vid int64
	var err error
	if n == 0 {
		err = s.db.QueryRow(ctx, "SELECT id FROM dossier_versions WHERE dossier_id = ? ORDER BY version DESC LIMIT 1", id).Scan(&vid)
	} else {
		err = s.db.QueryRow(ctx, "SELECT id FROM dossier_versions WHERE dossier_id = ? AND version = ?", id, n).Scan(&vid)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.load(ctx, id, vid)
}

func (s *Store) load(ctx context.Context, dossierID, vid int64) (*Set, error) {
	s.mu.Lock()
	set, ok := s.cache[vid]
	s.mu.Unlock()
	if ok {
		return set, nil
	}
	info, err := s.Get(ctx, dossierID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, "SELECT resource_type, resource_id, body FROM dossier_resources WHERE version_id = ? ORDER BY id", vid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var resources []*fhir.Resource
	for rows.Next() {
		var typ, rid, body string
		if err := rows.Scan(&typ, &rid, &body); err != nil {
			return nil, err
		}
		r, err := fhir.ParseOptions{Version: info.FHIRVersion}.ParseJSON([]byte(body))
		if err != nil {
			return nil, fmt.Errorf("dossier: stored %s/%s: %w", typ, rid, err)
		}
		resources = append(resources, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	set, err = NewSet(info.Name, strconv.FormatInt(dossierID, 10)+":", resources)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[vid] = set
	s.mu.Unlock()
	return set, nil
}

// Patients implements Source: the patients of the latest version of every set.
func (s *Store) Patients(ctx context.Context) ([]PatientInfo, error) {
	list, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	var out []PatientInfo
	for _, i := range list {
		if i.Version == 0 {
			continue
		}
		set, err := s.Version(ctx, i.ID, 0)
		if err != nil {
			return nil, err
		}
		ps, _ := set.Patients(ctx)
		out = append(out, ps...)
	}
	return out, nil
}

// Dossier implements Source; key is "<dossier id>:<patient id>".
func (s *Store) Dossier(ctx context.Context, key string) (*Dossier, error) {
	ids, _, ok := strings.Cut(key, ":")
	id, err := strconv.ParseInt(ids, 10, 64)
	if !ok || err != nil {
		return nil, ErrNotFound
	}
	set, err := s.Version(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	return set.Dossier(ctx, key)
}
