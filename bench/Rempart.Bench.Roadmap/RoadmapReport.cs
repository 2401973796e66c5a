using System.Globalization;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Documents;
using Rempart.Core.Scoring;

namespace Rempart.Bench.Roadmap;

/// <summary>
/// The roadmap <see cref="Report"/>, built section by section exactly as <c>RoadmapDocuments.BuildAsync</c> builds it
/// (src/Rempart.Core/Roadmaps/RoadmapDocuments.cs), from the synthetic engagement instead of the database. Keep the two in
/// step: a section added there belongs here too, or the benchmark measures less than the product renders.
/// </summary>
internal static class RoadmapReport
{
    /// <summary>Everything but the charts annex's pictures (sections 1 to 8, the entity and traceability annexes).</summary>
    public static Report Build(SyntheticEngagement e, ScoreCard card, string lang)
    {
        var culture = CultureInfo.GetCultureInfo(lang);
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var catalog = e.Catalog;
        var recommendations = e.Recommendations;
        var entities = e.Entities;
        var coordinating = e.Coordinating;

        var report = new Report(lang, T("Doc.Title", e.TitleIn(lang)), T("Doc.Subtitle", T("RoadmapState." + e.State), e.Edition, e.Revision),
            e.Date.ToString("D", culture), e.Classification, T("Doc.Contents"));

        // 1. Executive summary.
        report.Heading(1, T("Doc.Summary"));
        report.Paragraph(T("Doc.SummaryText", recommendations.Count, recommendations.Count(r => r.Recommendation.Priority == PriorityBand.High),
            recommendations.Count(r => r.Recommendation.Priority == PriorityBand.Medium), recommendations.Count(r => r.Recommendation.Priority == PriorityBand.Low),
            card.Needs.Count, card.Strengths.Count, entities.Count));
        report.Bullets([.. recommendations.Where(r => r.Recommendation.Priority == PriorityBand.High).Take(8).Select(r => $"{r.Code} — {r.Recommendation.TitleIn(lang)}")]);

        // 2. Context and normative basis.
        report.Heading(1, T("Doc.Context"));
        report.Paragraph(T("Doc.ContextText", e.TitleIn(lang), lang == "fr" ? e.ProgrammeFr : e.ProgrammeEn));
        report.Bullets([.. catalog.Instruments.Where(i => i.Kind != "guidance").Select(i => $"{i.Symbol} — {i.Title.Get(lang)}")]);

        // 3. Methodology.
        report.Heading(1, T("Doc.Methodology"));
        report.Paragraph(T("Doc.MethodologyText", e.PeriodStart.ToString("D", culture), $"{coordinating.NameIn(lang)} ({coordinating.Acronym})",
            entities.Count, e.Participants, catalog.Key, T("ConsolidationRule." + e.ConsolidationRule)));
        if (e.Events.Count > 0)
        {
            report.Bullets([.. e.Events.Select(x => $"{(lang == "fr" ? x.TitleFr : x.TitleEn)} — {x.Place}, {x.StartDate.ToString("d", culture)} – {x.EndDate.ToString("d", culture)}")]);
        }

        report.Paragraph(T("Doc.Formula", Scorer.VoicedBonus, Scorer.DisagreementBonus, Scorer.HighFrom, Scorer.MediumFrom), emphasis: true);

        // 4-6. Strengths, needs, priorities.
        report.Heading(1, T("Doc.Strengths"));
        report.Bullets(card.Strengths.Count == 0 ? [T("Doc.None")] : [.. card.Strengths.Select(q => $"{q.Question.Id} — {q.Question.Text.Get(lang)} ({T("Doc.LevelOf", q.Level!.Value, q.Target)})")]);
        report.Heading(1, T("Doc.Needs"));
        report.Table([T("Doc.Col.Question"), T("Doc.Col.Text"), T("Doc.Col.Level"), T("Doc.Col.Target"), T("Doc.Col.Gap")],
            [.. card.Needs.Select(q => (IReadOnlyList<string>)[q.Question.Id, q.Question.Text.Get(lang), q.Level!.Value.ToString(culture), q.Target.ToString(culture), q.Gap!.Value.ToString(culture)])]);
        report.Heading(1, T("Doc.Priorities"));
        report.Table([T("Doc.Col.Rank"), T("Doc.Col.Question"), T("Doc.Col.Text"), T("Doc.Col.Index"), T("Doc.Col.Priority")],
            [.. card.Priorities.Select((q, i) => (IReadOnlyList<string>)[(i + 1).ToString(culture), q.Question.Id, q.Question.Text.Get(lang), q.PriorityIndex.ToString("0.##", culture),
                T("PriorityBand." + q.Band)])]);

        // 7. The action plan, by framework, in a landscape table.
        report.Heading(1, T("Doc.ActionPlan"));
        report.Paragraph(T("Doc.ActionPlanText", e.ShortMonths, e.MediumMonths));
        foreach (var framework in catalog.Frameworks)
        {
            var items = recommendations.Where(r => r.Recommendation.Framework == framework.Id).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            report.Heading(2, framework.Name.Get(lang));
            foreach (var r in items)
            {
                report.Heading(3, $"{r.Code} — {r.Recommendation.TitleIn(lang)}");
                report.Paragraph(r.Recommendation.TextIn(lang));
                report.Paragraph(r.Recommendation.RationaleIn(lang), emphasis: true);
            }

            report.Table(
                [T("Doc.Col.Code"), T("Doc.Col.Recommendation"), T("Doc.Col.Lead"), T("Doc.Col.Supporting"), T("Doc.Col.Priority"), T("Doc.Col.Horizon"), T("Doc.Col.Assistance"),
                    T("Doc.Col.Cost"), T("Doc.Col.Indicators"), T("Doc.Col.Milestones")],
                [.. items.Select(r => (IReadOnlyList<string>)
                [
                    r.Code, r.Recommendation.TitleIn(lang), r.Lead ?? "—", string.Join(", ", r.Supporting), T("PriorityBand." + r.Recommendation.Priority),
                    T("Horizon." + r.Recommendation.Horizon, e.ShortMonths, e.MediumMonths),
                    string.Join("\n", r.Recommendation.Assistance.Select(a => $"{a.Partner.ToUpperInvariant()}: {(lang == "fr" ? a.ModuleFr : a.ModuleEn)}")),
                    r.Recommendation.CostMin is { } min && r.Recommendation.CostMax is { } max ? $"{min.ToString("N0", culture)} – {max.ToString("N0", culture)} USD" : "—",
                    string.Join("\n", r.Recommendation.Indicators.Select(i => $"{(lang == "fr" ? i.NameFr : i.NameEn)}: {i.Baseline} → {i.Target}")),
                    string.Join("\n", r.Recommendation.Milestones.Select(m => $"M+{m.Month}: {(lang == "fr" ? m.TitleFr : m.TitleEn)}")),
                ])],
                landscape: true, caption: T("Doc.PlanTable", framework.Name.Get(lang)));
        }

        // 8. Monitoring and review.
        report.Heading(1, T("Doc.Monitoring"));
        report.Paragraph(T("Doc.MonitoringText", coordinating.Acronym));
        report.Bullets([T("Doc.Monitoring1"), T("Doc.Monitoring2"), T("Doc.Monitoring3")]);

        // Annexes: entities (no personal contacts), traceability, charts.
        report.Heading(1, T("Doc.AnnexEntities"));
        report.Table([T("Doc.Col.Acronym"), T("Doc.Col.Name"), T("Doc.Col.Kind")],
            [.. entities.Select(x => (IReadOnlyList<string>)[x.Acronym, x.NameIn(lang), T("EntityKind." + x.Kind)])]);
        report.Heading(1, T("Doc.AnnexTraceability"));
        report.Table([T("Doc.Col.Code"), T("Doc.Col.Questions"), T("Doc.Col.Provisions"), T("Doc.Col.Findings")],
            [.. recommendations.Select(r => (IReadOnlyList<string>)[r.Code, string.Join(", ", r.Recommendation.Questions),
                string.Join(", ", r.Recommendation.Provisions.Select(p => catalog.Provisions.FirstOrDefault(x => x.Id == p) is { } prov ? $"{catalog.Instruments.First(i => i.Id == prov.InstrumentId).Symbol} {prov.Ref}" : p)),
                string.Join(", ", r.Findings)])]);
        report.Heading(1, T("Doc.AnnexCharts"));
        return report;
    }

    /// <summary>The charts annex: heat map and top needs drawn by ScottPlot, each as a PNG with its numbers beside it.</summary>
    public static void AddCharts(Report report, CatalogDefinition catalog, ScoreCard card, string lang)
    {
        var culture = CultureInfo.GetCultureInfo(lang);
        string T(string key) => CoreMessages.Format(key, culture);
        var heat = ScoringCharts.HeatMap(card, catalog, lang, T("Doc.ChartHeat"), T("Doc.NoAnswer"));
        var top = ScoringCharts.TopNeeds(card, lang, T("Doc.ChartTop"), T("Doc.Col.Index"));
        foreach (var chart in new[] { heat, top })
        {
            report.Image(chart.Png(), chart.Width, chart.Height, chart.Title, new TableBlock(chart.Table.Columns, chart.Table.Rows));
        }
    }
}
