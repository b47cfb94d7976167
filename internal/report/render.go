package report

import (
	"fmt"

	"github.com/ketentest/ketentest/internal/evaluation"
	"github.com/ketentest/ketentest/internal/i18n"
	"github.com/ketentest/ketentest/internal/report/chart"
	"github.com/ketentest/ketentest/internal/report/pdf"
)

// Section keys of the final report, in order; the HTML page and the PDF
// both follow them, and tests check each is in the PDF.
func Sections() []string {
	return []string{"summary", "scope", "participants", "days", "results", "findings", "terms", "rootcauses", "handover", "evaluation", "maturity", "recommendations", "version"}
}

// Stakeholders whose recommendations the report holds, with their text key.
func Stakeholders() [][2]string {
	return [][2]string{{"MedMij", "rec_medmij"}, {"Nictiz", "rec_nictiz"}, {"VZVZ", "rec_vzvz"}, {"vendors", "rec_vendors"}}
}

// Bars turns counts into a chart.
func Bars(title string, cs []Count, limit int) chart.Bars {
	b := chart.Bars{Title: title}
	for i, c := range cs {
		if limit > 0 && i == limit {
			break
		}
		b.Bars = append(b.Bars, chart.Bar{Label: c.Label, Value: float64(c.N)})
	}
	return b
}

// EvalChart is the mean of each scale question of a day, for every role.
func EvalChart(res *evaluation.Results) chart.Bars {
	b := chart.Bars{Max: 5}
	for _, q := range res.Questions {
		if q.Kind == evaluation.KindScale && q.Answered > 0 {
			b.Bars = append(b.Bars, chart.Bar{Label: string(q.Role) + ": " + q.Text, Value: q.Mean, Text: fmt.Sprintf("%.1f (n=%d)", q.Mean, q.Answered)})
		}
	}
	return b
}

func (r *Report) t(key string, args ...any) string { return i18n.T(r.Lang, key, args...) }

// SectionTitle is the heading of a section.
func (r *Report) SectionTitle(key string) string { return r.t("report.s." + key) }

// Doc is the report as a PDF document.
func (r *Report) Doc() pdf.Doc {
	h := r.Hackathon
	status := r.t("report.no_version")
	if r.Version != nil {
		status = r.t("report.version_status", r.Version.Version, r.t("report.status."+r.Version.Status))
	}
	d := pdf.Doc{Title: r.t("report.title") + " " + h.Name, Subtitle: status + " · " + r.Generated.Format("2006-01-02"),
		ContentsLabel: r.t("report.contents"), PageLabel: r.t("report.page"), Created: r.Generated}
	add := func(b ...pdf.Block) { d.Blocks = append(d.Blocks, b...) }
	h1 := func(key string) { add(pdf.Heading{Level: 1, Text: r.SectionTitle(key)}) }
	text := func(key string) {
		if s := r.Text(key); s != "" {
			add(pdf.Para{Text: s})
		} else {
			add(pdf.Para{Text: r.t("report.text_empty"), Muted: true})
		}
	}

	h1("summary")
	text("summary")
	add(pdf.Para{Text: r.t("report.facts", len(r.Participants), len(r.Days), r.Findings.Total, r.Findings.Open, r.Findings.Solved)})

	h1("scope")
	for _, sec := range r.StartNote.Sections {
		add(pdf.Heading{Level: 2, Text: sec.Title})
		if len(sec.Entries) == 0 {
			add(pdf.Para{Text: r.t("report.text_empty"), Muted: true})
		}
		for _, e := range sec.Entries {
			add(pdf.Para{Text: e.Label + ": " + e.Text})
		}
	}

	h1("participants")
	if len(r.Participants) == 0 {
		add(pdf.Para{Text: r.t("report.none"), Muted: true})
	} else {
		t := pdf.Table{Header: []string{r.t("report.col.org"), r.t("report.col.role"), r.t("report.col.snelcheck"), r.t("report.col.outcome")}, Widths: []float64{4, 1.5, 1.5, 2}}
		for _, p := range r.Participants {
			out := "–"
			if p.Outcome != "" {
				out = r.t("report.outcome." + p.Outcome)
			}
			t.Rows = append(t.Rows, []string{p.Name, p.Role, fmt.Sprintf("%d/%d", p.Verified, p.Total), out})
		}
		add(t)
	}

	h1("days")
	text("days")
	dt := pdf.Table{Header: []string{r.t("report.col.day"), r.t("report.col.date"), r.t("report.col.rounds"), r.t("report.col.pairs"), r.t("report.col.findings")}}
	for _, dd := range r.Days {
		dt.Rows = append(dt.Rows, []string{fmt.Sprint(dd.N), dd.Date.String(), fmt.Sprint(dd.Rounds), fmt.Sprint(dd.Pairs), fmt.Sprint(dd.Findings)})
	}
	add(dt)

	h1("results")
	if r.Scenarios == 0 {
		add(pdf.Para{Text: r.t("report.no_results"), Muted: true})
	} else {
		rt := pdf.Table{Header: []string{r.t("report.col.day"), r.t("report.col.recorded")}}
		for _, dd := range r.Days {
			rt.Rows = append(rt.Rows, []string{fmt.Sprint(dd.N), fmt.Sprintf("%d/%d", dd.Recorded, dd.Planned)})
		}
		add(pdf.Para{Text: r.t("report.scenarios", r.Scenarios)}, rt)
	}

	f := r.Findings
	h1("findings")
	add(pdf.Para{Text: r.t("report.facts_findings", f.Total, f.Open, f.Solved)})
	add(pdf.Chart{Bars: Bars(r.t("report.by.status"), f.ByStatus, 0)})
	add(pdf.Chart{Bars: Bars(r.t("report.by.severity"), f.BySeverity, 0)})
	add(pdf.Chart{Bars: Bars(r.t("report.by.chain"), f.ByChain, 0)})
	for _, g := range []struct {
		key string
		cs  []Count
	}{{"report.by.actor", f.ByActor}, {"report.by.category", f.ByCategory}} {
		add(pdf.Heading{Level: 3, Text: r.t(g.key)})
		t := pdf.Table{Header: []string{r.t(g.key), r.t("report.col.count")}, Widths: []float64{5, 1}}
		for _, c := range g.cs {
			t.Rows = append(t.Rows, []string{c.Label, fmt.Sprint(c.N)})
		}
		add(t)
	}

	h1("terms")
	if len(f.Terms) == 0 {
		add(pdf.Para{Text: r.t("report.none"), Muted: true})
	} else {
		t := pdf.Table{Header: []string{r.t("report.col.key"), r.t("report.col.title"), r.t("report.col.status"), r.t("report.col.severity"), r.t("report.col.actor"), r.t("report.col.due")}, Widths: []float64{1.3, 4, 1.3, 1.1, 2, 1.4}}
		for _, x := range f.Terms {
			due := "–"
			if !x.Due.IsZero() {
				due = x.Due.String()
				if x.Overdue {
					due += " !"
				}
			}
			t.Rows = append(t.Rows, []string{x.Key, x.Title, x.Status, x.Severity, x.Actor, due})
		}
		add(t)
		if f.TermsMore > 0 {
			add(pdf.Para{Text: r.t("report.more", f.TermsMore), Muted: true})
		}
	}

	h1("rootcauses")
	if len(f.RootCauses) == 0 {
		add(pdf.Para{Text: r.t("report.none"), Muted: true})
	} else {
		t := pdf.Table{Header: []string{r.t("report.col.key"), r.t("report.col.title"), r.t("report.col.rootcause"), r.t("report.col.chain")}, Widths: []float64{1.2, 3, 4, 1.5}}
		for _, x := range f.RootCauses {
			t.Rows = append(t.Rows, []string{x.Key, x.Title, x.RootCause, x.RootLink})
		}
		add(t)
		if f.RootMore > 0 {
			add(pdf.Para{Text: r.t("report.more", f.RootMore), Muted: true})
		}
	}

	h1("handover")
	if len(f.Handover) == 0 {
		add(pdf.Para{Text: r.t("report.none"), Muted: true})
	} else {
		t := pdf.Table{Header: []string{r.t("report.col.actor"), r.t("report.col.open"), r.t("report.col.overdue"), r.t("report.col.terms"), r.t("report.col.nodue")}, Widths: []float64{3, 1, 1, 2.5, 1.2}}
		for _, x := range f.Handover {
			actor := x.Actor
			if actor == "" {
				actor = r.t("report.unassigned")
			}
			terms := "–"
			if !x.FirstDue.IsZero() {
				terms = x.FirstDue.String() + " – " + x.LastDue.String()
			}
			t.Rows = append(t.Rows, []string{actor, fmt.Sprint(x.Open), fmt.Sprint(x.Overdue), terms, fmt.Sprint(x.NoDueDate)})
		}
		add(t)
	}

	h1("evaluation")
	if len(r.Evaluations) == 0 {
		add(pdf.Para{Text: r.t("report.no_evaluation"), Muted: true})
	}
	for _, ev := range r.Evaluations {
		add(pdf.Heading{Level: 2, Text: r.t("report.eval_day", ev.Evaluation.Day)})
		add(pdf.Para{Text: r.t("report.eval_rate", ev.Responded, ev.Invited, ev.RatePct())})
		if ev.Evaluation.Summary != "" {
			add(pdf.Para{Text: ev.Evaluation.Summary})
		}
		if c := EvalChart(ev); len(c.Bars) > 0 {
			c.Title = r.t("report.eval_means")
			add(pdf.Chart{Bars: c})
		}
		for _, q := range ev.Questions {
			if len(q.Open) == 0 {
				continue
			}
			add(pdf.Heading{Level: 3, Text: q.Text})
			txt := ""
			for i, o := range q.Open {
				if i == 50 {
					txt += r.t("report.more", len(q.Open)-50)
					break
				}
				txt += "• " + o.Text
				if o.Respondent != "" {
					txt += " (" + o.Respondent + ")"
				}
				txt += "\n"
			}
			add(pdf.Para{Text: txt})
		}
	}

	h1("maturity")
	if m := r.Maturity; m != nil {
		pctText := func(n int) string {
			if n < 0 {
				return "–"
			}
			return fmt.Sprintf("%d%%", n)
		}
		num := func(f float64, format string) string {
			if f < 0 {
				return "–"
			}
			return fmt.Sprintf(format, f)
		}
		add(pdf.Table{Header: []string{r.t("maturity.indicator"), r.t("report.col.count")}, Widths: []float64{4, 1.5}, Rows: [][]string{
			{r.t("maturity.ind.go"), pctText(m.GoPct)}, {r.t("maturity.ind.steps"), pctText(m.StepsPct)},
			{r.t("maturity.ind.blocking_n"), fmt.Sprint(m.Blocking)}, {r.t("maturity.ind.blocking"), num(m.BlockingPer, "%.2f")},
			{r.t("maturity.ind.interm"), pctText(m.InTermPct)}, {r.t("maturity.ind.days"), num(m.DaysToSolve, "%.1f")},
			{r.t("maturity.ind.eval"), num(m.EvalMean, "%.1f")}}})
		add(pdf.Para{Text: r.t("maturity.report_note"), Muted: true})
	}

	h1("recommendations")
	for _, st := range Stakeholders() {
		add(pdf.Heading{Level: 2, Text: r.t("report.rec_for", r.t("report.stakeholder."+st[1]))})
		text(st[1])
	}

	h1("version")
	add(pdf.Para{Text: status})
	if r.Version != nil && r.Version.Note != "" {
		add(pdf.Para{Text: r.t("report.reviewers") + ": " + r.Version.Note})
	}
	if r.Version != nil && !r.Version.AcceptedAt.IsZero() {
		add(pdf.Para{Text: r.t("report.accepted", r.Version.AcceptedBy, r.Version.AcceptedAt.Format("2006-01-02"))})
	}
	for _, c := range r.Comments {
		add(pdf.Para{Text: c.Author + " (" + c.CreatedAt.Format("2006-01-02") + "): " + c.Body})
	}
	return d
}

// PDF renders the report.
func (r *Report) PDF() ([]byte, error) { return pdf.Bytes(r.Doc()) }
