package finding

import (
	"context"
	"errors"
	"strconv"

	"github.com/ketentest/ketentest/internal/audit"
)

// VisibleAudit drops the audit entries of findings v may not see (their
// title, comments and changes are in them); staff see every entry.
func (s *Service) VisibleAudit(ctx context.Context, hid int64, v Viewer, es []audit.Entry) ([]audit.Entry, error) {
	if v.Staff {
		return es, nil
	}
	visible := map[string]bool{}
	out := make([]audit.Entry, 0, len(es))
	for _, e := range es {
		if e.Entity == "finding" {
			ok, known := visible[e.EntityID]
			if !known {
				id, err := strconv.ParseInt(e.EntityID, 10, 64)
				if err == nil {
					_, err = s.Get(ctx, hid, id, v)
				}
				if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, strconv.ErrSyntax) && !errors.Is(err, strconv.ErrRange) {
					return nil, err
				}
				ok = err == nil
				visible[e.EntityID] = ok
			}
			if !ok {
				continue
			}
		}
		out = append(out, e)
	}
	return out, nil
}
