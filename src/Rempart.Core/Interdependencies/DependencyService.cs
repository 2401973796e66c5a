using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Auditing;
using Rempart.Core.Data;
using Rempart.Core.Targets;

namespace Rempart.Core.Interdependencies;

/// <summary>A site in a ranking or a cascade, as people read it.</summary>
public sealed record SiteRef(string Code, string NameFr, string NameEn, string? Group, double? Latitude = null, double? Longitude = null);

/// <summary>One row of the criticality ranking.</summary>
public sealed record CriticalSite(SiteRef Site, int Downstream, bool Estimated, int ComponentSize, double Betweenness);

/// <summary>The analysis of an engagement's recorded dependencies, over the sites the reader may see.</summary>
public sealed record CriticalityView(int Sites, int Dependencies, int Components, int LargestComponent, IReadOnlyList<CriticalSite> Ranking, IReadOnlyList<SectorLink> SectorMatrix);

/// <summary>A site reached by a cascade: when (hours after the first failure) and through which supplier.</summary>
public sealed record CascadeStep(SiteRef Site, double Hours, string? Through, bool Initial);

/// <summary>
/// The engagement's dependencies in the database, fed to the engine: import (all or nothing, by site codes),
/// criticality (downstream counts, components, betweenness, sector matrix) and what-if cascades. Only sites the
/// reader may see take part, and a dependency only when both its ends are visible.
/// </summary>
public sealed class DependencyService(AppDbContext db, SiteService sites, AuditLog audit, TimeProvider time)
{
    private async Task<(DependencyGraph Graph, List<Targets.Site> Sites)> GraphAsync(Engagements.EngagementContext context, string ceiling, CancellationToken cancellationToken)
    {
        var visible = await sites.Visible(context, ceiling).OrderBy(s => s.Code).ToListAsync(cancellationToken);
        var index = new Dictionary<Guid, int>(visible.Count);
        for (var i = 0; i < visible.Count; i++)
        {
            index[visible[i].Id] = i;
        }

        var recorded = await db.Set<SiteDependency>().AsNoTracking().Where(d => d.EngagementId == context.Id).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var dependencies = recorded.Where(d => index.ContainsKey(d.DependentId) && index.ContainsKey(d.SupplierId))
            .Select(d => new Dependency(index[d.SupplierId], index[d.DependentId], d.Kind, d.Probability, d.Hours, d.RedundancyGroup, d.K)).ToList();
        var graph = DependencyGraph.Build([.. visible.Select(s => new Site(s.Code, s.Sector ?? s.Category, 1, s.Capacity ?? 0, s.Latitude, s.Longitude))], dependencies);
        return (graph, visible);
    }

    /// <summary>The graph of the sites this reader may see and their recorded dependencies (what <c>rempart graph analyze --engagement</c> analyses).</summary>
    public async Task<DependencyGraph> GraphForAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        return (await GraphAsync(context, ceiling, cancellationToken)).Graph;
    }

    private static SiteRef Ref(Targets.Site s) => new(s.Code, s.NameFr, s.NameEn, s.Sector ?? s.Category, s.Latitude, s.Longitude);

    /// <summary>A site's direct suppliers and dependents among the sites this reader may see.</summary>
    public async Task<(IReadOnlyList<(SiteRef Site, SiteDependency Link)> Suppliers, IReadOnlyList<(SiteRef Site, SiteDependency Link)> Dependents)> NeighbourhoodAsync(
        Viewer viewer, string engagement, string code, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        var visible = sites.Visible(context, ceiling);
        var site = await visible.SingleOrDefaultAsync(s => s.Code == code, cancellationToken) ?? throw new NotFoundException("Sites.NotFound", code);
        var links = await db.SiteDependencies.AsNoTracking().Where(d => d.EngagementId == context.Id && (d.DependentId == site.Id || d.SupplierId == site.Id)).ToListAsync(cancellationToken);
        var ids = links.SelectMany(l => new[] { l.DependentId, l.SupplierId }).Distinct().ToList();
        var others = await visible.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var suppliers = links.Where(l => l.DependentId == site.Id && others.ContainsKey(l.SupplierId)).Select(l => (Ref(others[l.SupplierId]), l)).OrderBy(p => p.Item1.Code, StringComparer.Ordinal).ToList();
        var dependents = links.Where(l => l.SupplierId == site.Id && others.ContainsKey(l.DependentId)).Select(l => (Ref(others[l.DependentId]), l)).OrderBy(p => p.Item1.Code, StringComparer.Ordinal).ToList();
        return (suppliers, dependents);
    }

    /// <summary>Replaces the engagement's dependencies with those of a CSV file (dependent,supplier,kind,probability,hours[,redundancy_group,k]); returns how many.</summary>
    public async Task<int> ImportAsync(Viewer viewer, string engagement, byte[] content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, EngagementAction.ManageSites, cancellationToken);
        if (Tlp.Rank(ceiling) < Tlp.Rank(Tlp.Red))
        {
            throw new ForbiddenException("Sites.ImportNeedsClearance", Tlp.Red);
        }

        var count = await ReplaceAsync(db, context.Id, context.Code, content, fileName, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(viewer, context.Id, "dependencies.import", $"{context.Code}/{Path.GetFileName(fileName)}", new { dependencies = count }, cancellationToken);
        return count;
    }

    /// <summary>
    /// Replaces an engagement's dependencies with a CSV file's, all or nothing, by site codes (no access check: the
    /// caller has made it, or is the demo loader); inside the caller's transaction when there is one.
    /// </summary>
    internal static async Task<int> ReplaceAsync(AppDbContext db, Guid engagementId, string engagementCode, byte[] content, string fileName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var all = await db.Sites.AsNoTracking().Where(s => s.EngagementId == engagementId).OrderBy(s => s.Code).Select(s => new { s.Id, s.Code }).ToListAsync(cancellationToken);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < all.Count; i++)
        {
            index[all[i].Code] = i;
        }

        var parsed = GraphCsv.ReadDependencies(content, fileName, index, engagementCode);
        var outer = db.Database.CurrentTransaction;
        await using var own = outer is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        await db.SiteDependencies.Where(d => d.EngagementId == engagementId).ExecuteDeleteAsync(cancellationToken);
        db.SiteDependencies.AddRange(parsed.Select(d => new SiteDependency
        {
            EngagementId = engagementId, DependentId = all[d.Dependent].Id, SupplierId = all[d.Supplier].Id, Kind = d.Kind, Probability = d.Probability, Hours = d.Hours,
            RedundancyGroup = d.Group, K = d.K, CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return parsed.Count;
    }

    /// <summary>The criticality ranking (most downstream first), components and the sector matrix.</summary>
    public async Task<CriticalityView> CriticalityAsync(Viewer viewer, string engagement, int top = 50, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        var (graph, list) = await GraphAsync(context, ceiling, cancellationToken);
        var analysis = GraphAnalysis.Run(graph, new GraphAnalysisOptions(Samples: 200, Seed: 1));
        var sizes = analysis.Components.Sizes.ToArray();
        var componentOf = analysis.Components.ComponentOf.ToArray();
        var ranking = Enumerable.Range(0, graph.SiteCount)
            .Select(i => new CriticalSite(Ref(list[i]), (int)analysis.Downstream.PerSite[i], !analysis.Downstream.Exact, sizes[componentOf[i]], analysis.Betweenness[i]))
            .Where(c => c.Downstream > 0 || c.Betweenness > 0)
            .OrderByDescending(c => c.Downstream).ThenByDescending(c => c.Betweenness).ThenBy(c => c.Site.Code, StringComparer.Ordinal).Take(top).ToList();
        return new CriticalityView(graph.SiteCount, graph.DependencyCount, analysis.Components.Count, analysis.Components.Largest, ranking, analysis.SectorMatrix);
    }

    /// <summary>What fails, and when, if these sites fail (every dependency propagating, redundancy respected), in order of hours.</summary>
    public async Task<IReadOnlyList<CascadeStep>> WhatIfAsync(Viewer viewer, string engagement, IReadOnlyList<string> failed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        var (graph, list) = await GraphAsync(context, ceiling, cancellationToken);
        var byCode = Enumerable.Range(0, list.Count).ToDictionary(i => list[i].Code, StringComparer.Ordinal);
        var start = new List<int>();
        foreach (var code in failed.Distinct(StringComparer.Ordinal))
        {
            start.Add(byCode.TryGetValue(code, out var i) ? i : throw new NotFoundException("Sites.NotFound", code));
        }

        var result = Cascade.Run(graph, start);
        var initial = start.ToHashSet();
        var times = result.FailureTime.ToArray();
        var causes = result.Cause.ToArray();
        return [.. result.Order.ToArray().Select(i => new CascadeStep(Ref(list[i]), times[i], causes[i] >= 0 ? list[causes[i]].Code : null, initial.Contains(i)))];
    }
}
