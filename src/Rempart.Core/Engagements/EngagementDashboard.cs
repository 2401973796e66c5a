using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;

namespace Rempart.Core.Engagements;

/// <summary>Participants of one entity, by sex.</summary>
public sealed record EntityParticipation(string Acronym, int Women, int Men, int NotStated, int Attended)
{
    public int Total => Women + Men + NotStated;
}

/// <summary>The numbers of an engagement's dashboard.</summary>
public sealed record DashboardData(
    StageStatus Stage,
    IReadOnlyList<EntityParticipation> Participation,
    IReadOnlyDictionary<string, IReadOnlyDictionary<FindingKind, int>> FindingsByFramework,
    int Findings,
    int Sessions);

/// <summary>What the engagement dashboard shows: stage, participation by entity and sex, findings by framework and kind.</summary>
public sealed class EngagementDashboard(Data.AppDbContext db, EngagementAccess access, StageService stages, ConsultationService consultations, FindingService findings, Catalog.CatalogService catalogs)
{
    /// <summary>Findings on no framework (a plenary, no linked question) are counted under this key.</summary>
    public const string General = "general";

    public async Task<DashboardData> BuildAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var stage = await stages.StatusAsync(viewer, engagement, cancellationToken);
        var events = await consultations.ListAsync(viewer, engagement, cancellationToken);
        var attended = events.SelectMany(e => e.Sessions).SelectMany(s => s.Attendees).ToHashSet();
        var people = await db.Participants.AsNoTracking().Where(p => p.EngagementId == context.Id)
            .Join(db.NationalEntities, p => p.EntityId, e => e.Id, (p, e) => new { p.Id, p.Gender, e.Acronym }).ToListAsync(cancellationToken);
        var participation = people.GroupBy(p => p.Acronym)
            .Select(g => new EntityParticipation(g.Key, g.Count(p => p.Gender == Gender.Female), g.Count(p => p.Gender == Gender.Male),
                g.Count(p => p.Gender == Gender.Undisclosed), g.Count(p => attended.Contains(p.Id))))
            .OrderByDescending(p => p.Total).ThenBy(p => p.Acronym, StringComparer.OrdinalIgnoreCase).ToList();

        var sessionFramework = events.SelectMany(e => e.Sessions).ToDictionary(s => s.Code, s => s.Framework);
        var key = await catalogs.PinnedKeyAsync(context.Id, cancellationToken);
        var catalog = key is null ? null : await catalogs.FindAsync(key, cancellationToken);
        var questionFramework = catalog?.Questions.ToDictionary(q => q.Id, q => q.Framework) ?? [];
        var list = await findings.ListAsync(viewer, engagement, cancellationToken: cancellationToken);
        string FrameworkOf(FindingView f) =>
            (f.Session is { } code ? sessionFramework.GetValueOrDefault(code) : null)
            ?? f.Questions.Select(q => questionFramework.GetValueOrDefault(q)).FirstOrDefault(x => x is not null)
            ?? General;
        var byFramework = list.GroupBy(FrameworkOf).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<FindingKind, int>)g.GroupBy(f => f.Kind).ToDictionary(k => k.Key, k => k.Count()),
            StringComparer.Ordinal);
        return new DashboardData(stage, participation, byFramework, list.Count, events.Sum(e => e.Sessions.Count));
    }
}
