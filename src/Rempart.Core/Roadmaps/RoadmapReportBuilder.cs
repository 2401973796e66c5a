using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Documents;
using Rempart.Core.Engagements;
using Rempart.Core.Scoring;

namespace Rempart.Core.Roadmaps;

/// <summary>An entity as the roadmap document names it (never with personal contacts).</summary>
public sealed record ReportEntity(string Acronym, string NameEn, string NameFr, EntityKind Kind)
{
    public string NameIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? NameFr : NameEn;
}

/// <summary>A consultation event as the methodology lists it.</summary>
public sealed record ReportEvent(string TitleEn, string TitleFr, string Place, DateOnly StartDate, DateOnly EndDate);

/// <summary>Everything the roadmap document says, read once; the builder adds nothing from elsewhere.</summary>
public sealed record RoadmapReportData(
    string Code, string TitleEn, string TitleFr, string ProgrammeEn, string ProgrammeFr, DateOnly PeriodStart, string ConsolidationRule, int Participants,
    ReportEntity? Coordinating, IReadOnlyList<ReportEntity> Entities, IReadOnlyList<ReportEvent> Events, RoadmapView Plan, ScoreCard Card,
    CatalogDefinition Catalog, DateTimeOffset Date, int? AnsweringEntities = null)
{
    public string TitleIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? TitleFr : TitleEn;
}

/// <summary>
/// Builds the roadmap <see cref="Report"/> from its data, pure: executive summary, context and normative basis,
/// methodology, strengths, needs, priorities, the action plan by framework, monitoring and review, and the annexes.
/// The product and the rendering benchmark both call it, so the benchmark measures what the country receives.
/// </summary>
public static class RoadmapReportBuilder
{
    public static Report Build(RoadmapReportData data, string lang)
    {
        ArgumentNullException.ThrowIfNull(data);
        var culture = Rempart.Core.Access.Cultures.For(lang);
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var plan = data.Plan;
        var card = data.Card;
        var catalog = data.Catalog;
        var entities = data.Entities;
        var events = data.Events;
        var participants = data.Participants;
        var coordinating = data.Coordinating;
        var recommendations = plan.Recommendations;
        var report = new Report(lang, T("Doc.Title", data.TitleIn(lang)), T("Doc.Subtitle", T("RoadmapState." + plan.State), plan.Edition, plan.Revision),
            Rempart.Core.Access.Cultures.WrittenDate(data.Date, culture), plan.Classification, T("Doc.Contents"));

        // 1. Executive summary.
        report.Heading(1, T("Doc.Summary"));
        report.Paragraph(T("Doc.SummaryText", recommendations.Count, recommendations.Count(r => r.Recommendation.Priority == PriorityBand.High),
            recommendations.Count(r => r.Recommendation.Priority == PriorityBand.Medium), recommendations.Count(r => r.Recommendation.Priority == PriorityBand.Low),
            card.Needs.Count, T(card.Strengths.Count switch { 0 => "Doc.StrengthsNone", 1 => "Doc.StrengthsOne", _ => "Doc.StrengthsMany" }, card.Strengths.Count), entities.Count));
        // The highest priorities by their index (as section 6 ranks them), not by their place in the plan.
        report.Bullets([.. recommendations.Where(r => r.Recommendation.Priority == PriorityBand.High)
            .OrderByDescending(r => r.Recommendation.PriorityIndex).ThenBy(r => r.Recommendation.Order).Take(8)
            .Select(r => $"{r.Code} — {r.Recommendation.TitleIn(lang)}")]);

        // 2. Context and normative basis.
        report.Heading(1, T("Doc.Context"));
        report.Paragraph(T("Doc.ContextText", data.TitleIn(lang), lang == "fr" ? data.ProgrammeFr : data.ProgrammeEn));
        report.Bullets([.. catalog.Instruments.Where(i => i.Kind != "guidance").Select(i => $"{i.Symbols.Get(lang)} — {i.Title.Get(lang)}")]);

        // 3. Methodology.
        report.Heading(1, T("Doc.Methodology"));
        report.Paragraph(T("Doc.MethodologyText", Rempart.Core.Access.Cultures.WrittenDate(data.PeriodStart, culture, weekday: true), coordinating is null ? "—" : $"{coordinating.NameIn(lang)} ({coordinating.Acronym})",
            data.AnsweringEntities ?? entities.Count, participants, catalog.Key, T("ConsolidationRule." + data.ConsolidationRule)));
        if (events.Count > 0)
        {
            report.Bullets([.. events.Select(x => $"{(lang == "fr" ? x.TitleFr : x.TitleEn)} — {x.Place}, {Rempart.Core.Access.Cultures.WrittenDate(x.StartDate, culture)} – {Rempart.Core.Access.Cultures.WrittenDate(x.EndDate, culture)}")]);
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
        report.Paragraph(T("Doc.ActionPlanText", plan.ShortMonths, plan.MediumMonths));
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
                    T("Horizon." + r.Recommendation.Horizon, plan.ShortMonths, plan.MediumMonths),
                    string.Join("\n", r.Recommendation.Assistance.Select(a => T("Doc.AssistanceLine", a.Partner.ToUpperInvariant(), lang == "fr" ? a.ModuleFr : a.ModuleEn))),
                    r.Recommendation.CostMin is { } min && r.Recommendation.CostMax is { } max ? $"{min.ToString("N0", culture)} – {max.ToString("N0", culture)} USD" : "—",
                    string.Join("\n", r.Recommendation.Indicators.Select(i => T("Doc.IndicatorLine", lang == "fr" ? i.NameFr : i.NameEn, i.Baseline, i.Target))),
                    string.Join("\n", r.Recommendation.Milestones.Select(m => T("Doc.MilestoneLine", m.Month, lang == "fr" ? m.TitleFr : m.TitleEn))),
                ])],
                landscape: true, caption: T("Doc.PlanTable", framework.Name.Get(lang)));
        }

        // 8. Monitoring and review.
        report.Heading(1, T("Doc.Monitoring"));
        report.Paragraph(T("Doc.MonitoringText", coordinating?.Acronym ?? "—"));
        report.Bullets([T("Doc.Monitoring1"), T("Doc.Monitoring2"), T("Doc.Monitoring3")]);

        // Annexes: entities (no personal contacts), traceability, charts.
        report.Heading(1, T("Doc.AnnexEntities"));
        report.Table([T("Doc.Col.Acronym"), T("Doc.Col.Name"), T("Doc.Col.Kind")],
            [.. entities.Select(x => (IReadOnlyList<string>)[x.Acronym, x.NameIn(lang), T("EntityKind." + x.Kind)])]);
        report.Heading(1, T("Doc.AnnexTraceability"));
        report.Table([T("Doc.Col.Code"), T("Doc.Col.Questions"), T("Doc.Col.Provisions"), T("Doc.Col.Findings")],
            [.. recommendations.Select(r => (IReadOnlyList<string>)[r.Code, string.Join(", ", r.Recommendation.Questions),
                string.Join(Rempart.Core.Access.Cultures.Semicolon(culture), r.Recommendation.Provisions.Select(p => catalog.Cite(p, lang))),
                string.Join(", ", r.Findings)])]);
        return report;
    }

    /// <summary>The charts annex: the heat map and the top needs as pictures, each followed by its numbers.</summary>
    public static void AddCharts(Report report, CatalogDefinition catalog, ScoreCard card, string lang)
    {
        ArgumentNullException.ThrowIfNull(report);
        var culture = Rempart.Core.Access.Cultures.For(lang);
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        report.Heading(1, T("Doc.AnnexCharts"));
        var heat = ScoringCharts.HeatMap(card, catalog, lang, T("Doc.ChartHeat"), T("Doc.NoAnswer"));
        var top = ScoringCharts.TopNeeds(card, lang, T("Doc.ChartTop"), T("Doc.Col.Index"));
        foreach (var chart in new[] { heat, top })
        {
            report.Image(chart.Png(), chart.Width, chart.Height, chart.Title, new TableBlock(chart.Table.Columns, chart.Table.Rows));
        }

    }
}
