using Rempart.Core.Documents;
using Rempart.Core.Engagements;
using Rempart.Core.Roadmaps;
using Rempart.Core.Scoring;

namespace Rempart.Bench.Roadmap;

/// <summary>
/// The roadmap <see cref="Report"/> of the synthetic engagement, built by the product's own
/// <see cref="RoadmapReportBuilder"/> (the same code that <c>RoadmapDocuments</c> runs after reading the database), so the
/// benchmark measures exactly what the country receives.
/// </summary>
internal static class RoadmapReport
{
    /// <summary>Sections 1 to 8 and the entity and traceability annexes.</summary>
    public static Report Build(SyntheticEngagement e, ScoreCard card, string lang)
    {
        ReportEntity Entity(BenchEntity x) => new(x.Acronym, x.NameEn, x.NameFr, Enum.Parse<EntityKind>(x.Kind));
        var plan = new RoadmapView(Guid.Empty, SyntheticEngagement.Code, e.State, e.Edition, e.Revision, e.ShortMonths, e.MediumMonths, e.Classification, Guid.Empty,
            e.Recommendations);
        var data = new RoadmapReportData(SyntheticEngagement.Code, e.TitleEn, e.TitleFr, e.ProgrammeEn, e.ProgrammeFr, e.PeriodStart, e.ConsolidationRule, e.Participants,
            Entity(e.Coordinating), [.. e.Entities.Select(Entity)], [.. e.Events.Select(x => new ReportEvent(x.TitleEn, x.TitleFr, x.Place, x.StartDate, x.EndDate))],
            plan, card, e.Catalog, new DateTimeOffset(e.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return RoadmapReportBuilder.Build(data, lang);
    }

    /// <summary>The charts annex, as the product adds it.</summary>
    public static void AddCharts(Report report, Rempart.Core.Catalog.CatalogDefinition catalog, ScoreCard card, string lang) =>
        RoadmapReportBuilder.AddCharts(report, catalog, card, lang);
}
