using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Documents;
using Rempart.Core.Engagements;
using Rempart.Core.Scoring;

namespace Rempart.Core.Roadmaps;

/// <summary>The editions the roadmap renders to.</summary>
public enum RoadmapFormat
{
    Docx,
    Pdf,
    Md,
    Html,
}

/// <summary>
/// The roadmap as the country receives it, in French or English: one <see cref="Report"/> built from the plan, the
/// scores and the engagement, rendered as Word (and PDF through LibreOffice when installed), Markdown or HTML.
/// </summary>
public sealed class RoadmapDocuments(AppDbContext db, EngagementAccess access, RoadmapService roadmaps, ScoringService scoring, CatalogService catalogs, TimeProvider time)
{
    public static string ContentType(RoadmapFormat format) => format switch
    {
        RoadmapFormat.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        RoadmapFormat.Pdf => "application/pdf",
        RoadmapFormat.Md => "text/markdown; charset=utf-8",
        _ => "text/html; charset=utf-8",
    };

    /// <summary>Renders the roadmap; <paramref name="progress"/> hears each step (0-100).</summary>
    public async Task<(byte[] Content, string FileName)> RenderAsync(
        Viewer viewer, string engagement, string language, RoadmapFormat format, IProgress<(int Percent, string Step)>? progress = null, CancellationToken cancellationToken = default)
    {
        var lang = language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
        progress?.Report((5, "plan"));
        var report = await BuildAsync(viewer, engagement, lang, progress, cancellationToken);
        progress?.Report((80, "render"));
        var name = $"{report.Code}-roadmap-{lang}";
        var culture = CultureInfo.GetCultureInfo(lang);
        byte[] bytes = format switch
        {
            RoadmapFormat.Md => System.Text.Encoding.UTF8.GetBytes(report.Report.ToMarkdown()),
            RoadmapFormat.Html => System.Text.Encoding.UTF8.GetBytes(report.Report.ToHtml()),
            RoadmapFormat.Docx => DocxReport.Render(report.Report, CoreMessages.Format("Doc.Page", culture)),
            _ => await PdfAsync(DocxReport.Render(report.Report, CoreMessages.Format("Doc.Page", culture)), cancellationToken),
        };
        progress?.Report((100, "done"));
        return (bytes, $"{name}.{format.ToString().ToLowerInvariant()}");
    }

    private static readonly string[] OfficeNames = ["soffice", "libreoffice"];

    /// <summary>Where LibreOffice is, or null when it is not installed.</summary>
    public static string? LibreOffice() =>
        OfficeNames
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Converts a DOCX to PDF with LibreOffice headless, in a throwaway profile.</summary>
    public static async Task<byte[]> PdfAsync(byte[] docx, CancellationToken cancellationToken)
    {
        var soffice = LibreOffice() ?? throw new DomainRuleException("Roadmap.PdfUnavailable");
        var work = Directory.CreateTempSubdirectory("rempart-pdf-");
        try
        {
            var input = Path.Combine(work.FullName, "roadmap.docx");
            await File.WriteAllBytesAsync(input, docx, cancellationToken);
            var start = new ProcessStartInfo(soffice)
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
                ArgumentList = { "--headless", "--norestore", $"-env:UserInstallation=file://{work.FullName}/profile", "--convert-to", "pdf", "--outdir", work.FullName, input },
            };
            using var process = Process.Start(start) ?? throw new DomainRuleException("Roadmap.PdfUnavailable");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var output = Path.Combine(work.FullName, "roadmap.pdf");
            return process.ExitCode == 0 && File.Exists(output) ? await File.ReadAllBytesAsync(output, cancellationToken) : throw new DomainRuleException("Roadmap.PdfFailed", process.ExitCode);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private sealed record Built(string Code, Report Report);

    private async Task<Built> BuildAsync(Viewer viewer, string engagement, string lang, IProgress<(int, string)>? progress, CancellationToken cancellationToken)
    {
        var culture = CultureInfo.GetCultureInfo(lang);
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var plan = await roadmaps.GetAsync(viewer, engagement, cancellationToken);
        var card = await scoring.ScoreAsync(viewer, engagement, cancellationToken);
        var catalog = await catalogs.GetAsync(card.CatalogKey, cancellationToken);
        progress?.Report((20, "scores"));
        var e = await db.Engagements.AsNoTracking().SingleAsync(x => x.Id == context.Id, cancellationToken);
        var entities = await db.NationalEntities.AsNoTracking().Where(x => x.EngagementId == context.Id && !x.IsDeactivated).OrderBy(x => x.Acronym).ToListAsync(cancellationToken);
        var events = await db.ConsultationEvents.AsNoTracking().Where(x => x.EngagementId == context.Id).OrderBy(x => x.StartDate).ToListAsync(cancellationToken);
        var participants = await db.Participants.CountAsync(x => x.EngagementId == context.Id, cancellationToken);
        var coordinating = entities.FirstOrDefault(x => x.Id == e.CoordinatingEntityId);
        var recommendations = plan.Recommendations;

        var report = new Report(lang, T("Doc.Title", e.TitleIn(lang)), T("Doc.Subtitle", T("RoadmapState." + plan.State), plan.Edition, plan.Revision),
            time.GetUtcNow().ToString("D", culture), plan.Classification, T("Doc.Contents"));

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
        report.Paragraph(T("Doc.MethodologyText", e.PeriodStart.ToString("D", culture), coordinating is null ? "—" : $"{coordinating.NameIn(lang)} ({coordinating.Acronym})",
            entities.Count, participants, catalog.Key, T("ConsolidationRule." + e.ConsolidationRule)));
        if (events.Count > 0)
        {
            report.Bullets([.. events.Select(x => $"{(lang == "fr" ? x.TitleFr : x.TitleEn)} — {x.Place}, {x.StartDate.ToString("d", culture)} – {x.EndDate.ToString("d", culture)}")]);
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
        progress?.Report((40, "plan"));

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
                    string.Join("\n", r.Recommendation.Assistance.Select(a => $"{a.Partner.ToUpperInvariant()}: {(lang == "fr" ? a.ModuleFr : a.ModuleEn)}")),
                    r.Recommendation.CostMin is { } min && r.Recommendation.CostMax is { } max ? $"{min.ToString("N0", culture)} – {max.ToString("N0", culture)} USD" : "—",
                    string.Join("\n", r.Recommendation.Indicators.Select(i => $"{(lang == "fr" ? i.NameFr : i.NameEn)}: {i.Baseline} → {i.Target}")),
                    string.Join("\n", r.Recommendation.Milestones.Select(m => $"M+{m.Month}: {(lang == "fr" ? m.TitleFr : m.TitleEn)}")),
                ])],
                landscape: true, caption: T("Doc.PlanTable", framework.Name.Get(lang)));
        }

        // 8. Monitoring and review.
        report.Heading(1, T("Doc.Monitoring"));
        report.Paragraph(T("Doc.MonitoringText", coordinating?.Acronym ?? "—"));
        report.Bullets([T("Doc.Monitoring1"), T("Doc.Monitoring2"), T("Doc.Monitoring3")]);
        progress?.Report((60, "annexes"));

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
        var heat = ScoringCharts.HeatMap(card, catalog, lang, T("Doc.ChartHeat"), T("Doc.NoAnswer"));
        var top = ScoringCharts.TopNeeds(card, lang, T("Doc.ChartTop"), T("Doc.Col.Index"));
        foreach (var chart in new[] { heat, top })
        {
            report.Image(chart.Png(), chart.Width, chart.Height, chart.Title, new TableBlock(chart.Table.Columns, chart.Table.Rows));
        }

        return new Built(context.Code, report);
    }
}
