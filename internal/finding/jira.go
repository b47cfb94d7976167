package finding

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/ketentest/ketentest/internal/sheet"
)

// JiraDateLayout is how the Jira CSV writes dates. In Jira's CSV importer
// set the date format to "yyyy-MM-dd HH:mm".
const JiraDateLayout = "2006-01-02 15:04"

// jiraPriority maps severity to Jira's default priorities.
var jiraPriority = map[string]string{"blokkerend": "Highest", "hoog": "High", "midden": "Medium", "laag": "Low"}

// jiraStatus maps the workflow onto Jira's default workflow (To Do, In
// Progress, Done); jiraResolution says how a done finding ended.
var jiraStatus = map[Status]string{
	StatusNieuw: "To Do", StatusInTriage: "To Do", StatusToegewezen: "To Do", StatusInAnalyse: "In Progress",
	StatusOpgelost: "Done", StatusGeverifieerd: "Done", StatusNietOplossen: "Done", StatusDuplicaat: "Done",
}

var jiraResolution = map[Status]string{
	StatusOpgelost: "Done", StatusGeverifieerd: "Done", StatusNietOplossen: "Won't Do", StatusDuplicaat: "Duplicate",
}

// jiraIssueType maps the kind of finding onto Jira's default issue types.
func jiraIssueType(kind string) string {
	if kind == "functioneel" {
		return "Task"
	}
	return "Bug"
}

// jiraSummary is key and title, cut to Jira's limit of 255 characters.
func jiraSummary(f *Finding) string {
	s := []rune(f.Key + " " + f.Title)
	if len(s) > 255 {
		s = append(s[:254], '…')
	}
	return string(s)
}

// jiraLabel makes a label Jira accepts: no spaces.
func jiraLabel(l string) string { return strings.Join(strings.Fields(l), "_") }

// WriteJiraCSV writes findings as a CSV that Jira's CSV importer accepts:
// one column per field, a repeated "Labels" column for multiple labels
// (Jira maps every column of that name to the labels field), dates in
// JiraDateLayout and the finding key as "External ID" so a second import
// can be matched. Text cells are defused against formula injection.
func WriteJiraCSV(w io.Writer, fs []*Finding) error {
	nLabels := 1
	for _, f := range fs {
		nLabels = max(nLabels, len(f.Labels)+1) // +1: the chain link is a label too
	}
	header := []string{"Summary", "Description", "Issue Type", "Priority", "Status", "Resolution", "Reporter", "Created", "External ID", "Component/s", "Due date"}
	for range nLabels {
		header = append(header, "Labels")
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, f := range fs {
		reporter := f.ReportedBy
		if reporter == "" {
			reporter = f.LoggedByName
		}
		due := ""
		if !f.Due.IsZero() {
			due = f.Due.Time().Format(JiraDateLayout)
		}
		rec := []string{sheet.SafeCell(jiraSummary(f)), sheet.SafeCell(jiraDescription(f)), jiraIssueType(f.Kind), jiraPriority[f.Severity],
			jiraStatus[f.Status], jiraResolution[f.Status], sheet.SafeCell(reporter), f.CreatedAt.UTC().Format(JiraDateLayout), sheet.SafeCell(f.Key),
			sheet.SafeCell(f.ActorName), due}
		labels := []string{jiraLabel(f.ChainLink)}
		for _, l := range f.Labels {
			labels = append(labels, sheet.SafeCell(jiraLabel(l)))
		}
		for i := range nLabels {
			if i < len(labels) {
				rec = append(rec, labels[i])
			} else {
				rec = append(rec, "")
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jiraDescription is the finding's description followed by its context,
// which Jira has no fields for.
func jiraDescription(f *Finding) string {
	var b strings.Builder
	b.WriteString(f.Description)
	if f.Description != "" {
		b.WriteString("\n\n")
	}
	b.WriteString("ketentest: " + f.Key + "\nchain link: " + f.ChainLink)
	if f.DataService != "" {
		b.WriteString("\ndata service: " + f.DataService)
	}
	if len(f.Orgs) > 0 {
		names := make([]string, len(f.Orgs))
		for i, o := range f.Orgs {
			names[i] = o.Name
		}
		b.WriteString("\norganisations: " + strings.Join(names, ", "))
	}
	if f.TrackerURL != "" {
		b.WriteString("\nactor tracker: " + f.TrackerURL)
	}
	return b.String()
}
