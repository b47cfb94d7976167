package testday

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ketentest/ketentest/internal/apperr"
	"github.com/ketentest/ketentest/internal/audit"
	"github.com/ketentest/ketentest/internal/blueprint"
	"github.com/ketentest/ketentest/internal/date"
	"github.com/ketentest/ketentest/internal/store"
)

// Kind of a snelcheck item: who ticks it.
type Kind string

// The item kinds.
const (
	KindSelf   Kind = "self"   // self-declaration by the participant
	KindAuto   Kind = "auto"   // run by ketentest against the participant
	KindManual Kind = "manual" // verified by the test coordinator
)

// Kinds lists the item kinds.
func Kinds() []Kind { return []Kind{KindSelf, KindAuto, KindManual} }

// Automated checks ketentest runs itself.
const (
	AutoReachable    = "reachable"     // the endpoint answers
	AutoTLS          = "tls"           // valid TLS, not expiring within TLSMinDays
	AutoMetadata     = "metadata"      // GET {endpoint}/metadata answers a CapabilityStatement
	AutoOAuth        = "oauth"         // the OAuth endpoints answer
	AutoReferenceRun = "reference_run" // a DVA: a reference PGO run against it with every check green
	AutoSandbox      = "sandbox"       // a PGO: its OAuth run and searches in the sandbox traffic
	AutoIssueAccount = "issue_account" // someone of the organisation used its ketentest account
)

// AutoChecks lists the automated checks in display order.
func AutoChecks() []string {
	return []string{AutoReachable, AutoTLS, AutoMetadata, AutoOAuth, AutoReferenceRun, AutoSandbox, AutoIssueAccount}
}

// Limits of a checklist.
const (
	MaxItems      = 50
	MaxTitle      = 300
	MaxFAQ        = 20000
	DeadlineDays  = 7 // default deadline: this many days before day 1
	MinGoPerRole  = 2 // fewer "go"s in a role than this warns
	MaxReasonText = 2000
)

// Item is one requirement of a checklist.
type Item struct {
	ID        int64               `json:"id"`
	ListID    int64               `json:"checklist_id"`
	ChainRole blueprint.ChainRole `json:"chain_role"`
	Position  int                 `json:"position"`
	Title     string              `json:"title"`
	Kind      Kind                `json:"kind"`
	AutoCheck string              `json:"auto_check,omitempty"`
	Deadline  date.Date           `json:"deadline"`
}

// Checklist is the snelcheck list of one chain role with its FAQ page.
type Checklist struct {
	ID        int64               `json:"id"`
	ChainRole blueprint.ChainRole `json:"chain_role"`
	FAQ       string              `json:"faq"`
	Items     []Item              `json:"items"`
	UpdatedAt time.Time           `json:"updated_at"`
}

// ItemInput adds or changes an item.
type ItemInput struct {
	Title     string    `json:"title"`
	Kind      string    `json:"kind"`
	AutoCheck string    `json:"auto_check"`
	Deadline  date.Date `json:"deadline"`
}

func (in *ItemInput) validate() error {
	var inv apperr.Invalid
	in.Title = strings.TrimSpace(in.Title)
	switch {
	case in.Title == "":
		inv.Add("title", "required")
	case len(in.Title) > MaxTitle:
		inv.Add("title", fmt.Sprintf("at most %d characters", MaxTitle))
	}
	if !slices.Contains(Kinds(), Kind(in.Kind)) {
		inv.Add("kind", "one of self, auto, manual")
	}
	if Kind(in.Kind) == KindAuto {
		if !slices.Contains(AutoChecks(), in.AutoCheck) {
			inv.Add("auto_check", "one of "+strings.Join(AutoChecks(), ", "))
		}
	} else {
		in.AutoCheck = ""
	}
	return inv.Err()
}

// defaultItems are the blueprint's snelcheck items per role (annex 3) with
// the kind ketentest can give each, plus the automated technical checks a
// DVA and a PGO can be put through.
func defaultItems(role blueprint.ChainRole) []ItemInput {
	texts := blueprint.SnelcheckDefaults()[role]
	var out []ItemInput
	for i, t := range texts {
		in := ItemInput{Title: t.NL, Kind: string(KindSelf)}
		switch {
		case i == 0: // access to the issue system
			in.Kind, in.AutoCheck = string(KindAuto), AutoIssueAccount
		case role == blueprint.ChainPGO && strings.Contains(t.EN, "MedMij sandbox"):
			in.Kind, in.AutoCheck = string(KindAuto), AutoSandbox
		case strings.Contains(t.EN, "whitelisted") || strings.Contains(t.EN, "InteropLAB"):
			in.Kind = string(KindManual)
		}
		out = append(out, in)
	}
	if role == blueprint.ChainDVA {
		out = append(out,
			ItemInput{Title: "Endpoint bereikbaar", Kind: string(KindAuto), AutoCheck: AutoReachable},
			ItemInput{Title: "TLS-certificaat geldig en niet bijna verlopen", Kind: string(KindAuto), AutoCheck: AutoTLS},
			ItemInput{Title: "CapabilityStatement (metadata) antwoordt", Kind: string(KindAuto), AutoCheck: AutoMetadata},
			ItemInput{Title: "OAuth-endpoints antwoorden", Kind: string(KindAuto), AutoCheck: AutoOAuth},
			ItemInput{Title: "Volledige ophaalactie van het testdossier met de referentie-PGO, alle controles groen", Kind: string(KindAuto), AutoCheck: AutoReferenceRun},
		)
	}
	return out
}

// Checklists lists the hackathon's checklists by chain role with their items.
func (s *Service) Checklists(ctx context.Context, hackathonID int64) ([]Checklist, error) {
	lists, err := store.Collect(ctx, s.DB, func(r interface{ Scan(...any) error }) (*Checklist, error) {
		c := &Checklist{}
		return c, r.Scan(&c.ID, &c.ChainRole, &c.FAQ, &c.UpdatedAt)
	}, "SELECT id, chain_role, faq, updated_at FROM testday_checklists WHERE hackathon_id = ?", hackathonID)
	if err != nil {
		return nil, err
	}
	items, err := s.items(ctx, s.DB, "i.hackathon_id = ?", hackathonID)
	if err != nil {
		return nil, err
	}
	byList := map[int64][]Item{}
	for _, it := range items {
		byList[it.ListID] = append(byList[it.ListID], it)
	}
	order := map[blueprint.ChainRole]int{}
	for i, r := range blueprint.ChainRoles() {
		order[r] = i
	}
	for i := range lists {
		lists[i].Items = byList[lists[i].ID]
	}
	slices.SortFunc(lists, func(a, b Checklist) int { return order[a.ChainRole] - order[b.ChainRole] })
	return lists, nil
}

// Checklist loads the list of one chain role (ErrNotFound when none).
func (s *Service) Checklist(ctx context.Context, hackathonID int64, role blueprint.ChainRole) (*Checklist, error) {
	all, err := s.Checklists(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if all[i].ChainRole == role {
			return &all[i], nil
		}
	}
	return nil, fmt.Errorf("checklist %w", apperr.ErrNotFound)
}

func (s *Service) items(ctx context.Context, q store.Querier, where string, args ...any) ([]Item, error) {
	return store.Collect(ctx, q, func(r interface{ Scan(...any) error }) (*Item, error) {
		it := &Item{}
		return it, r.Scan(&it.ID, &it.ListID, &it.ChainRole, &it.Position, &it.Title, &it.Kind, &it.AutoCheck, &it.Deadline)
	}, `SELECT i.id, i.checklist_id, l.chain_role, i.position, i.title, i.kind, i.auto_check, i.deadline
		FROM testday_items i JOIN testday_checklists l ON l.id = i.checklist_id WHERE `+where+` ORDER BY l.id, i.position, i.id`, args...)
}

// DrawUp gives every chain role without a checklist one from the
// blueprint's defaults (annex 3), with the default deadline. Existing
// lists are left as they are. It returns how many lists it added.
func (s *Service) DrawUp(ctx context.Context, hackathonID, by int64) (int, error) {
	h, err := s.hackathon(ctx, hackathonID)
	if err != nil {
		return 0, err
	}
	var deadline date.Date
	if d := h.FirstDay(); !d.IsZero() {
		deadline = d.AddDays(-DeadlineDays)
	}
	added := 0
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		added = 0
		now := s.Now()
		for _, role := range blueprint.ChainRoles() {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM testday_checklists WHERE hackathon_id = ? AND chain_role = ?", hackathonID, role).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			id, err := tx.Insert(ctx, "INSERT INTO testday_checklists (hackathon_id, chain_role, updated_at) VALUES (?, ?, ?)", hackathonID, role, now)
			if err != nil {
				return err
			}
			for i, in := range defaultItems(role) {
				if _, err := tx.Exec(ctx, "INSERT INTO testday_items (hackathon_id, checklist_id, position, title, kind, auto_check, deadline) VALUES (?, ?, ?, ?, ?, ?, ?)",
					hackathonID, id, i+1, in.Title, in.Kind, in.AutoCheck, deadline); err != nil {
					return err
				}
			}
			if err := audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: now, Entity: "snelcheck_list",
				EntityID: strconv.FormatInt(id, 10), Action: "created", To: string(role)}); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	return added, err
}

// AddItem adds an item at the end of a role's checklist; participants the
// snelcheck was applied to get it too.
func (s *Service) AddItem(ctx context.Context, hackathonID int64, role blueprint.ChainRole, in ItemInput, by int64) (*Item, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	list, err := s.Checklist(ctx, hackathonID, role)
	if err != nil {
		return nil, err
	}
	if len(list.Items) >= MaxItems {
		return nil, apperr.Field("title", fmt.Sprintf("a checklist has at most %d items", MaxItems))
	}
	var id int64
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.Insert(ctx, "INSERT INTO testday_items (hackathon_id, checklist_id, position, title, kind, auto_check, deadline) VALUES (?, ?, ?, ?, ?, ?, ?)",
			hackathonID, list.ID, len(list.Items)+1, in.Title, in.Kind, in.AutoCheck, in.Deadline)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO testday_checks (hackathon_id, organisation_id, item_id, updated_at)
			SELECT hackathon_id, organisation_id, ?, ? FROM testday_participants WHERE hackathon_id = ? AND chain_role = ?`, id, s.Now(), hackathonID, role); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "snelcheck_item",
			EntityID: strconv.FormatInt(id, 10), Action: "created", To: in.Title})
	})
	if err != nil {
		return nil, err
	}
	return s.item(ctx, hackathonID, id)
}

var errItemNotFound = fmt.Errorf("snelcheck item %w", apperr.ErrNotFound)

func (s *Service) item(ctx context.Context, hackathonID, id int64) (*Item, error) {
	items, err := s.items(ctx, s.DB, "i.hackathon_id = ? AND i.id = ?", hackathonID, id)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, errItemNotFound
	}
	return &items[0], nil
}

// UpdateItem changes an item's title, kind, check or deadline.
func (s *Service) UpdateItem(ctx context.Context, hackathonID, id int64, in ItemInput, by int64) (*Item, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	old, err := s.item(ctx, hackathonID, id)
	if err != nil {
		return nil, err
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE testday_items SET title = ?, kind = ?, auto_check = ?, deadline = ? WHERE id = ? AND hackathon_id = ?",
			in.Title, in.Kind, in.AutoCheck, in.Deadline, id, hackathonID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "snelcheck_item",
			EntityID: strconv.FormatInt(id, 10), Action: "updated", From: old.Title + " (" + string(old.Kind) + ")", To: in.Title + " (" + in.Kind + ")"})
	})
	if err != nil {
		return nil, err
	}
	return s.item(ctx, hackathonID, id)
}

// DeleteItem removes an item and its results for every participant.
func (s *Service) DeleteItem(ctx context.Context, hackathonID, id, by int64) error {
	old, err := s.item(ctx, hackathonID, id)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM testday_checks WHERE item_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM testday_items WHERE id = ? AND hackathon_id = ?", id, hackathonID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "snelcheck_item",
			EntityID: strconv.FormatInt(id, 10), Action: "deleted", From: old.Title})
	})
}

// SaveFAQ sets the FAQ page (Markdown) of a role's checklist.
func (s *Service) SaveFAQ(ctx context.Context, hackathonID int64, role blueprint.ChainRole, faq string, by int64) error {
	if len(faq) > MaxFAQ {
		return apperr.Field("faq", fmt.Sprintf("at most %d characters", MaxFAQ))
	}
	list, err := s.Checklist(ctx, hackathonID, role)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE testday_checklists SET faq = ?, updated_at = ? WHERE id = ?", faq, s.Now(), list.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{HackathonID: hackathonID, UserID: by, At: s.Now(), Entity: "snelcheck_list",
			EntityID: strconv.FormatInt(list.ID, 10), Action: "faq", To: strconv.Itoa(len(faq)) + " characters"})
	})
}

// Establish declares the checklists set (milestone 2G): every chain role
// has a list with at least one item. It marks 2G done.
func (s *Service) Establish(ctx context.Context, hackathonID, by int64) (*MilestoneMark, error) {
	lists, err := s.Checklists(ctx, hackathonID)
	if err != nil {
		return nil, err
	}
	have := map[blueprint.ChainRole]bool{}
	for _, l := range lists {
		have[l.ChainRole] = len(l.Items) > 0
	}
	for _, r := range blueprint.ChainRoles() {
		if !have[r] {
			return nil, apperr.Field("checklist", "the checklist for "+string(r)+" has no items yet")
		}
	}
	return s.markDone(ctx, hackathonID, "2G", by)
}
