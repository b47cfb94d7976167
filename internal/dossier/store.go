package dossier

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/fhir"
	"github.com/ketentest/ketentest/internal/store"
)

// Info describes a stored dossier and its latest version.
type Info struct {
	ID          int64
	HackathonID int64 // 0 when not tied to a hackathon
	Name        string
	Kind        Kind
	Description string
	ServiceID   string // MedMij data service, e.g. "48"
	FHIRVersion fhir.Version
	Version     int // latest version number, 0 when none
	Resources   int // resources in the latest version
	CreatedAt   time.Time
}

// VersionInfo describes one stored version.
type VersionInfo struct {
	Version   int
	Note      string
	Source    string // the uploaded file name, "generator", "demo", ...
	Resources int
	CreatedBy int64
	ByName    string
	CreatedAt time.Time
}

// New is what a new dossier is made of.
type New struct {
	HackathonID int64
	Name        string
	Kind        Kind
	Description string
	ServiceID   string
	FHIRVersion fhir.Version
}

// Meta describes a version being stored.
type Meta struct {
	Note   string
	Source string
	By     int64 // user id, 0 for the system
}

// maxCached bounds the parsed versions kept in memory.
const maxCached = 32

// Store keeps dossier sets in the database. It implements Source over the
// latest version of every set; parsed versions are cached in memory.
type Store struct {
	db    *store.DB
	mu    sync.Mutex
	cache map[int64]*Set // by dossier_versions.id
}

// NewStore returns a Store over db.
func NewStore(db *store.DB) *Store { return &Store{db: db, cache: map[int64]*Set{}} }

// Create makes an empty custom dossier and returns its id.
func (s *Store) Create(ctx context.Context, hackathonID int64, name, serviceID string, v fhir.Version) (int64, error) {
	return s.CreateWith(ctx, New{HackathonID: hackathonID, Name: name, ServiceID: serviceID, FHIRVersion: v}, Meta{}, nil)
}

func (n *New) validate() error {
	var inv apperr.Invalid
	n.Name = strings.TrimSpace(n.Name)
	n.ServiceID = strings.TrimSpace(n.ServiceID)
	n.Description = strings.TrimSpace(n.Description)
	switch {
	case n.Name == "":
		inv.Add("name", "a name is required")
	case utf8.RuneCountInString(n.Name) > 200:
		inv.Add("name", "at most 200 characters")
	}
	if n.Kind == "" {
		n.Kind = KindCustom
	} else if _, err := ParseKind(string(n.Kind)); err != nil {
		inv.Add("kind", err.Error())
	}
	if len(n.ServiceID) > 20 || strings.ContainsAny(n.ServiceID, " \t\r\n") {
		inv.Add("service_id", "a MedMij data service id such as 48")
	}
	if utf8.RuneCountInString(n.Description) > 4000 {
		inv.Add("description", "at most 4000 characters")
	}
	if n.FHIRVersion == fhir.Unknown {
		inv.Add("fhir_version", "choose STU3 or R4")
	}
	return inv.Err()
}

// CreateWith makes a dossier and, when resources is not nil, stores them as
// version 1 — in one transaction, so a failed import leaves no empty dossier.
func (s *Store) CreateWith(ctx context.Context, n New, m Meta, resources []*fhir.Resource) (int64, error) {
	if err := n.validate(); err != nil {
		return 0, err
	}
	var rows []resourceRow
	if resources != nil {
		var err error
		if rows, err = prepare(n.Name, n.FHIRVersion, resources); err != nil {
			return 0, err
		}
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(ctx, "INSERT INTO dossiers (hackathon_id, name, kind, description, service_id, fhir_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			store.NullID(n.HackathonID), n.Name, string(n.Kind), n.Description, n.ServiceID, n.FHIRVersion.String(), time.Now().UTC())
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, audit.Entry{HackathonID: n.HackathonID, UserID: m.By, Entity: "dossier",
			EntityID: strconv.FormatInt(id, 10), Action: "create", To: n.Name}); err != nil {
			return err
		}
		if resources == nil {
			return nil
		}
		_, err = insertVersion(ctx, tx, id, n.HackathonID, n.FHIRVersion, m, rows)
		return err
	})
	changed()
	return id, err
}

// Update changes the name, kind and description of a dossier.
func (s *Store) Update(ctx context.Context, id int64, name string, kind Kind, description string, by int64) error {
	info, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	n := New{Name: name, Kind: kind, Description: description, ServiceID: info.ServiceID, FHIRVersion: info.FHIRVersion}
	if err := n.validate(); err != nil {
		return err
	}
	defer changed()
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE dossiers SET name = ?, kind = ?, description = ? WHERE id = ?", n.Name, string(n.Kind), n.Description, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: info.HackathonID, UserID: by, Entity: "dossier",
			EntityID: strconv.FormatInt(id, 10), Action: "edit", From: info.Name + " (" + string(info.Kind) + ")", To: n.Name + " (" + string(n.Kind) + ")"})
	})
}

// Delete removes a dossier with all its versions.
func (s *Store) Delete(ctx context.Context, id int64, by int64) error {
	info, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Explicit deletes: SQLite enforces ON DELETE CASCADE only with foreign keys on.
		if _, err := tx.Exec(ctx, "DELETE FROM dossier_resources WHERE version_id IN (SELECT id FROM dossier_versions WHERE dossier_id = ?)", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM dossier_versions WHERE dossier_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM dossiers WHERE id = ?", id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: info.HackathonID, UserID: by, Entity: "dossier",
			EntityID: strconv.FormatInt(id, 10), Action: "delete", From: info.Name})
	})
	changed()
	if err == nil {
		s.mu.Lock()
		s.cache = map[int64]*Set{}
		s.mu.Unlock()
	}
	return err
}

// AddVersion stores resources as the next version of dossier id and returns
// the version number. The resources must form a valid Set.
func (s *Store) AddVersion(ctx context.Context, id int64, note string, resources []*fhir.Resource) (int, error) {
	return s.Save(ctx, id, Meta{Note: note}, resources)
}

// Save stores resources as the next version of dossier id, in one
// transaction, and returns the version number.
func (s *Store) Save(ctx context.Context, id int64, m Meta, resources []*fhir.Resource) (int, error) {
	info, err := s.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	rows, err := prepare(info.Name, info.FHIRVersion, resources)
	if err != nil {
		return 0, err
	}
	var version int
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		version, err = insertVersion(ctx, tx, id, info.HackathonID, info.FHIRVersion, m, rows)
		return err
	})
	changed()
	return version, err
}

type resourceRow struct {
	typ, id, patient string
	body             []byte
}

// prepare checks that resources form a Set of version v and serialises them.
func prepare(name string, v fhir.Version, resources []*fhir.Resource) ([]resourceRow, error) {
	set, err := NewSet(name, "", resources)
	if err != nil {
		return nil, err
	}
	if set.FHIRVersion != fhir.Unknown && set.FHIRVersion != v {
		return nil, fmt.Errorf("dossier: resources are %s, the dossier is %s", set.FHIRVersion, v)
	}
	rows := make([]resourceRow, 0, len(resources))
	for _, r := range resources {
		body, err := fhir.MarshalJSON(r)
		if err != nil {
			return nil, fmt.Errorf("dossier: %s/%s: %w", r.Type(), r.ID(), err)
		}
		if bytes.Contains(body, []byte(`\u0000`)) {
			return nil, fmt.Errorf("dossier: %s/%s contains a NUL character, which FHIR does not allow", r.Type(), r.ID())
		}
		rows = append(rows, resourceRow{r.Type(), r.ID(), strings.Join(PatientRefs(r), ","), body})
	}
	return rows, nil
}

// insertBatch is the number of resources per INSERT statement.
const insertBatch = 200

func insertVersion(ctx context.Context, tx *store.Tx, id, hackathonID int64, v fhir.Version, m Meta, rows []resourceRow) (int, error) {
	var version int
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(version), 0) + 1 FROM dossier_versions WHERE dossier_id = ?", id).Scan(&version); err != nil {
		return 0, err
	}
	vid, err := tx.Insert(ctx, "INSERT INTO dossier_versions (dossier_id, version, note, source, resource_count, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		id, version, m.Note, m.Source, len(rows), store.NullID(m.By), time.Now().UTC())
	if err != nil {
		return 0, err
	}
	fv := v.String()
	for start := 0; start < len(rows); start += insertBatch {
		batch := rows[start:min(start+insertBatch, len(rows))]
		var q strings.Builder
		q.WriteString("INSERT INTO dossier_resources (version_id, resource_type, resource_id, patient_ref, fhir_version, body) VALUES ")
		args := make([]any, 0, 6*len(batch))
		for i, r := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?, ?)")
			args = append(args, vid, r.typ, r.id, r.patient, fv, string(r.body))
		}
		if _, err := tx.Exec(ctx, q.String(), args...); err != nil {
			return 0, err
		}
	}
	src := m.Source
	if src == "" {
		src = m.Note
	}
	return version, audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: m.By, Entity: "dossier",
		EntityID: strconv.FormatInt(id, 10), Action: "version", To: fmt.Sprintf("v%d: %d resources %s", version, len(rows), src)})
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

// GetIn returns a dossier of hackathon hid; one of another hackathon is not found.
func (s *Store) GetIn(ctx context.Context, hid, id int64) (Info, error) {
	i, err := s.Get(ctx, id)
	if err == nil && i.HackathonID != hid {
		return Info{}, ErrNotFound
	}
	return i, err
}

// List returns every dossier set, by name.
func (s *Store) List(ctx context.Context) ([]Info, error) { return s.list(ctx, "") }

// ListFor returns the dossiers of a hackathon (0: those of none), by name.
func (s *Store) ListFor(ctx context.Context, hid int64) ([]Info, error) {
	if hid == 0 {
		return s.list(ctx, "WHERE d.hackathon_id IS NULL")
	}
	return s.list(ctx, "WHERE d.hackathon_id = ?", hid)
}

func (s *Store) list(ctx context.Context, where string, args ...any) ([]Info, error) {
	rows, err := s.db.Query(ctx, `SELECT d.id, COALESCE(d.hackathon_id, 0), d.name, d.kind, d.description, d.service_id, d.fhir_version, d.created_at,
		COALESCE(v.version, 0), COALESCE(v.resource_count, 0)
		FROM dossiers d LEFT JOIN dossier_versions v ON v.dossier_id = d.id
			AND v.version = (SELECT MAX(v2.version) FROM dossier_versions v2 WHERE v2.dossier_id = d.id)
		`+where+` ORDER BY d.name, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Info
	for rows.Next() {
		var i Info
		var v, kind string
		if err := rows.Scan(&i.ID, &i.HackathonID, &i.Name, &kind, &i.Description, &i.ServiceID, &v, &i.CreatedAt, &i.Version, &i.Resources); err != nil {
			return nil, err
		}
		i.Kind = Kind(kind)
		i.FHIRVersion = fhir.ParseVersion(v)
		out = append(out, i)
	}
	return out, rows.Err()
}

// Versions lists the versions of dossier id, newest first.
func (s *Store) Versions(ctx context.Context, id int64) ([]VersionInfo, error) {
	rows, err := s.db.Query(ctx, `SELECT v.version, v.note, v.source, v.resource_count, COALESCE(v.created_by, 0), COALESCE(u.name, ''), v.created_at
		FROM dossier_versions v LEFT JOIN users u ON u.id = v.created_by WHERE v.dossier_id = ? ORDER BY v.version DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VersionInfo
	for rows.Next() {
		var v VersionInfo
		if err := rows.Scan(&v.Version, &v.Note, &v.Source, &v.Resources, &v.CreatedBy, &v.ByName, &v.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
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
	resources, err := loadResources(ctx, s.db, info.FHIRVersion, vid)
	if err != nil {
		return nil, err
	}
	set, err = NewSet(info.Name, strconv.FormatInt(dossierID, 10)+":", resources)
	if err != nil {
		return nil, err
	}
	set.FHIRVersion = info.FHIRVersion
	set.label(info)
	s.mu.Lock()
	if len(s.cache) >= maxCached {
		s.cache = map[int64]*Set{} // simple bound; sets reload from the database
	}
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

// loadResources parses the stored resources of a version, through q (the
// database or an import's transaction).
func loadResources(ctx context.Context, q store.Querier, v fhir.Version, vid int64) ([]*fhir.Resource, error) {
	rows, err := q.Query(ctx, "SELECT resource_type, resource_id, body FROM dossier_resources WHERE version_id = ? ORDER BY id", vid)
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
		r, err := fhir.ParseOptions{Version: v}.ParseJSON([]byte(body))
		if err != nil {
			return nil, fmt.Errorf("dossier: stored %s/%s: %w", typ, rid, err)
		}
		resources = append(resources, r)
	}
	return resources, rows.Err()
}
