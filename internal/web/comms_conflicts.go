package web

import (
	"regexp"
	"strconv"

	"github.com/ketentest/ketentest/internal/i18n"
)

// templateInUse is commplan's refusal to delete a template that planned
// messages still use; its count is the one variable part.
var templateInUse = regexp.MustCompile(`^the template is used by ([0-9]+) planned message\(s\); choose another template there first$`)

// commsConflictText is a refusal of the Communicatie pages (commplan's
// English apperr.Conflict text) in lang: the template-in-use count goes
// into "comms.conflict.template_in_use", any other text through the
// "fielderr.<message>" catalogue (fieldMessage), unchanged when it has none.
func commsConflictText(lang, msg string) string {
	if m := templateInUse.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return i18n.T(lang, "comms.conflict.template_in_use", n)
	}
	return fieldMessage(lang, msg)
}
