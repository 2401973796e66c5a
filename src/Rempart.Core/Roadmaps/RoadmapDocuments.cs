using System.Diagnostics;
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
        var culture = Rempart.Core.Access.Cultures.For(lang);
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
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var plan = await roadmaps.GetAsync(viewer, engagement, cancellationToken);
        var card = await scoring.ScoreAsync(viewer, engagement, cancellationToken);
        var catalog = await catalogs.GetAsync(card.CatalogKey, cancellationToken);
        progress?.Report((20, "scores"));
        var e = await db.Engagements.AsNoTracking().SingleAsync(x => x.Id == context.Id, cancellationToken);
        var entities = await db.NationalEntities.AsNoTracking().Where(x => x.EngagementId == context.Id && !x.IsDeactivated).OrderBy(x => x.Acronym).ToListAsync(cancellationToken);
        var events = await db.ConsultationEvents.AsNoTracking().Where(x => x.EngagementId == context.Id).OrderBy(x => x.StartDate).ToListAsync(cancellationToken);
        var participants = await db.Participants.CountAsync(x => x.EngagementId == context.Id, cancellationToken);
        // The entities that answered at least one question (not every entity registered).
        var answering = await db.Answers.Where(x => x.EngagementId == context.Id && (x.Level != null || x.NotApplicable)).Select(x => x.EntityId).Distinct().CountAsync(cancellationToken);
        var coordinating = entities.FirstOrDefault(x => x.Id == e.CoordinatingEntityId);
        ReportEntity Entity(NationalEntity x) => new(x.Acronym, x.NameEn, x.NameFr, x.Kind);
        var data = new RoadmapReportData(
            context.Code, e.TitleEn, e.TitleFr, e.ProgrammeEn, e.ProgrammeFr, e.PeriodStart, e.ConsolidationRule.ToString(), participants,
            coordinating is null ? null : Entity(coordinating), [.. entities.Select(Entity)],
            [.. events.Select(x => new ReportEvent(x.TitleEn, x.TitleFr, x.Place, x.StartDate, x.EndDate))],
            plan, card, catalog, time.GetUtcNow(), answering);
        progress?.Report((40, "plan"));
        var report = RoadmapReportBuilder.Build(data, lang);
        progress?.Report((60, "annexes"));
        RoadmapReportBuilder.AddCharts(report, catalog, card, lang);
        return new Built(context.Code, report);
    }
}
