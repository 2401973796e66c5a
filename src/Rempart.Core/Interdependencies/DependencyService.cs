using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Catalog;
using Rempart.Core.Access;
using Rempart.Core.Auditing;
using Rempart.Core.Data;
using Rempart.Core.Targets;

namespace Rempart.Core.Interdependencies;

/// <summary>A site in a ranking or a cascade, as people read it.</summary>
public sealed record SiteRef(string Code, string NameFr, string NameEn, string? Group, double? Latitude = null, double? Longitude = null);

/// <summary>One row of the criticality ranking.</summary>
public sealed record CriticalSite(SiteRef Site, int Downstream, bool Estimated, int ComponentSize, double Betweenness);

/// <summary>
/// A supply node worth a redundancy recommendation: many sites fail downstream of it, and some of its dependents
/// rely on it without an alternative supplier (no redundancy group).
/// </summary>
public sealed record RedundancySuggestion(SiteRef Site, int Downstream, int SoleDependents, int Rank);

/// <summary>The analysis of an engagement's recorded dependencies, over the sites the reader may see.</summary>
public sealed record CriticalityView(int Sites, int Dependencies, int Components, int LargestComponent, IReadOnlyList<CriticalSite> Ranking, IReadOnlyList<SectorLink> SectorMatrix,
    IReadOnlyList<RedundancySuggestion> Suggestions);

/// <summary>A site reached by a cascade: when (hours after the first failure), through which supplier, and how often it failed in the probabilistic runs.</summary>
public sealed record CascadeStep(SiteRef Site, double Hours, string? Through, bool Initial, double Probability = 1);

/// <summary>
/// A what-if: the deterministic cascade (every dependency propagating, the worst case) in order of hours, and the
/// probabilistic one (<see cref="MonteCarlo"/>, each dependency carrying the failure with its own probability):
/// expected numbers of failed sites and of people affected (sum of the failed sites' capacity), seeded and reproducible.
/// </summary>
public sealed record WhatIfResult(IReadOnlyList<CascadeStep> Steps, int Runs, ulong Seed, double ExpectedFailedSites, double ExpectedPeopleAffected, long PeopleAtWorst);

/// <summary>
/// The engagement's dependencies in the database, fed to the engine: import (all or nothing, by site codes),
/// criticality (downstream counts, components, betweenness, sector matrix) and what-if cascades. Only sites the
/// reader may see take part, and a dependency only when both its ends are visible.
/// </summary>
public sealed class DependencyService(AppDbContext db, SiteService sites, AuditLog audit, TimeProvider time, CatalogService catalogs, Roadmaps.RoadmapService roadmaps)
{
    /// <summary>Number of redundancy suggestions offered.</summary>
    public const int SuggestionCount = 5;

    /// <summary>Monte Carlo runs of a what-if.</summary>
    public const int WhatIfRuns = 1000;

    /// <summary>
    /// Graphs and their analyses by engagement and clearance, reused while nothing that shapes them has changed: the
    /// stamp is the number of sites taking part, the number of dependencies and the last audited change to sites or
    /// dependencies (every create, update, delete, assessment, import and clearance is audited).
    /// </summary>
    private static readonly ConcurrentDictionary<(Guid Engagement, string Ceiling), Snapshot> Cache = new();

    private sealed class Snapshot(string stamp, DependencyGraph graph, IReadOnlyList<SiteRef> refs, long[] capacity, int[] soleDependents)
    {
        private GraphAnalysis? _analysis;

        public string Stamp { get; } = stamp;

        public DependencyGraph Graph { get; } = graph;

        public IReadOnlyList<SiteRef> Refs { get; } = refs;

        public long[] Capacity { get; } = capacity;

        /// <summary>Per site, how many dependents rely on it outside any redundancy group.</summary>
        public int[] SoleDependents { get; } = soleDependents;

        public GraphAnalysis Analysis => LazyInitializer.EnsureInitialized(ref _analysis, () => GraphAnalysis.Run(Graph, new GraphAnalysisOptions(Samples: 200, Seed: 1)));
    }

    private static async Task<Snapshot> SnapshotAsync(AppDbContext db, Guid engagementId, IQueryable<Targets.Site> taking, string key, CancellationToken cancellationToken)
    {
        var count = await taking.CountAsync(cancellationToken);
        var links = await db.SiteDependencies.CountAsync(d => d.EngagementId == engagementId, cancellationToken);
        var last = await db.AuditEvents.Where(a => a.EngagementId == engagementId && (a.Action.StartsWith("sites.") || a.Action.StartsWith("dependencies.")))
            .MaxAsync(a => (long?)a.Sequence, cancellationToken);
        var stamp = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{count}/{links}/{last}");
        if (Cache.TryGetValue((engagementId, key), out var cached) && cached.Stamp == stamp)
        {
            return cached;
        }

        var visible = await taking.OrderBy(s => s.Code)
            .Select(s => new { s.Id, s.Code, s.NameFr, s.NameEn, Group = s.Sector ?? s.Category, s.Latitude, s.Longitude, s.Capacity }).ToListAsync(cancellationToken);
        var index = new Dictionary<Guid, int>(visible.Count);
        for (var i = 0; i < visible.Count; i++)
        {
            index[visible[i].Id] = i;
        }

        var recorded = await db.SiteDependencies.AsNoTracking().Where(d => d.EngagementId == engagementId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        var taken = recorded.Where(d => index.ContainsKey(d.DependentId) && index.ContainsKey(d.SupplierId)).ToList();
        // A redundancy group some of whose suppliers this reader may not see: it goes down only when k suppliers fail,
        // and when fewer than k are visible, no failure the reader can pose brings it down: it does not propagate here.
        var unreachable = taken.Where(d => d.RedundancyGroup is not null).GroupBy(d => (d.DependentId, d.RedundancyGroup))
            .Where(g => g.First().K > g.Count()).Select(g => g.Key).ToHashSet();
        taken = [.. taken.Where(d => d.RedundancyGroup is null || !unreachable.Contains((d.DependentId, d.RedundancyGroup)))];
        var dependencies = taken.Select(d => new Dependency(index[d.SupplierId], index[d.DependentId], d.Kind, d.Probability, d.Hours, d.RedundancyGroup, d.K)).ToList();
        var graph = DependencyGraph.Build([.. visible.Select(s => new Site(s.Code, s.Group, 1, s.Capacity ?? 0, s.Latitude, s.Longitude))], dependencies);
        var sole = new int[visible.Count];
        foreach (var d in taken.Where(d => d.RedundancyGroup is null))
        {
            sole[index[d.SupplierId]]++;
        }

        var snapshot = new Snapshot(stamp, graph, [.. visible.Select(s => new SiteRef(s.Code, s.NameFr, s.NameEn, s.Group, s.Latitude, s.Longitude))],
            [.. visible.Select(s => s.Capacity ?? 0)], sole);
        Cache[(engagementId, key)] = snapshot;
        return snapshot;
    }

    private Task<Snapshot> SnapshotAsync(Engagements.EngagementContext context, string ceiling, CancellationToken cancellationToken) =>
        SnapshotAsync(db, context.Id, sites.Visible(context, ceiling), ceiling, cancellationToken);

    /// <summary>
    /// The systemic term of the exposure factor, per sector or soft-target category: the highest downstream count
    /// among its sites divided by the highest of the whole inventory (0-1; absent without dependencies). Read over
    /// every site, whatever the reader's clearance, because the score card is not a list of sites.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double>> SystemicAsync(AppDbContext db, Guid engagementId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.SiteDependencies.AnyAsync(d => d.EngagementId == engagementId, cancellationToken))
        {
            return new Dictionary<string, double>();
        }

        var snapshot = await SnapshotAsync(db, engagementId, db.Sites.AsNoTracking().Where(s => s.EngagementId == engagementId), "*", cancellationToken);
        return Systemic.Of(snapshot.Refs.Select(r => r.Group), snapshot.Analysis.Downstream.PerSite);
    }

    /// <summary>The graph of the sites this reader may see and their recorded dependencies (what <c>rempart graph analyze --engagement</c> analyses).</summary>
    public async Task<DependencyGraph> GraphForAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        return (await SnapshotAsync(context, ceiling, cancellationToken)).Graph;
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
        await using var transaction = await OwnOrOuterTransaction.BeginAsync(db, cancellationToken);
        await db.SiteDependencies.Where(d => d.EngagementId == engagementId).ExecuteDeleteAsync(cancellationToken);
        db.SiteDependencies.AddRange(parsed.Select(d => new SiteDependency
        {
            EngagementId = engagementId, DependentId = all[d.Dependent].Id, SupplierId = all[d.Supplier].Id, Kind = d.Kind, Probability = d.Probability, Hours = d.Hours,
            RedundancyGroup = d.Group, K = d.K, CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return parsed.Count;
    }

    /// <summary>The criticality ranking (most downstream first), components, the sector matrix and redundancy suggestions.</summary>
    public async Task<CriticalityView> CriticalityAsync(Viewer viewer, string engagement, int top = 50, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        var snapshot = await SnapshotAsync(context, ceiling, cancellationToken);
        var (graph, list, analysis) = (snapshot.Graph, snapshot.Refs, snapshot.Analysis);
        var sizes = analysis.Components.Sizes.ToArray();
        var componentOf = analysis.Components.ComponentOf.ToArray();
        var ordered = Enumerable.Range(0, graph.SiteCount)
            .Select(i => new CriticalSite(list[i], (int)analysis.Downstream.PerSite[i], !analysis.Downstream.Exact, sizes[componentOf[i]], analysis.Betweenness[i]))
            .Where(c => c.Downstream > 0 || c.Betweenness > 0)
            .OrderByDescending(c => c.Downstream).ThenByDescending(c => c.Betweenness).ThenBy(c => c.Site.Code, StringComparer.Ordinal).ToList();
        return new CriticalityView(graph.SiteCount, graph.DependencyCount, analysis.Components.Count, analysis.Components.Largest, [.. ordered.Take(top)], analysis.SectorMatrix,
            Suggest(snapshot, ordered));
    }

    /// <summary>
    /// The most critical supply nodes that some dependent relies on without an alternative: ranked by downstream count,
    /// at least two sites downstream, at most <see cref="SuggestionCount"/>.
    /// </summary>
    private static List<RedundancySuggestion> Suggest(Snapshot snapshot, List<CriticalSite> ordered)
    {
        var position = Enumerable.Range(0, snapshot.Refs.Count).ToDictionary(i => snapshot.Refs[i].Code, StringComparer.Ordinal);
        return [.. ordered.Select((c, rank) => (c, rank)).Where(x => x.c.Downstream >= 2 && snapshot.SoleDependents[position[x.c.Site.Code]] > 0)
            .Take(SuggestionCount).Select(x => new RedundancySuggestion(x.c.Site, x.c.Downstream, snapshot.SoleDependents[position[x.c.Site.Code]], x.rank + 1))];
    }

    /// <summary>
    /// Turns a redundancy suggestion into a recommendation of the draft roadmap, in both languages, linked to the
    /// operational questions of the site's sector and the cross-cutting preparedness ones; returns its code.
    /// </summary>
    public async Task<string> ProposeRedundancyAsync(Viewer viewer, string engagement, string code, CancellationToken cancellationToken = default)
    {
        var (context, _) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        context.Demand(EngagementAction.EditRoadmap);
        var view = await CriticalityAsync(viewer, engagement, 0, cancellationToken);
        var suggestion = view.Suggestions.FirstOrDefault(s => s.Site.Code == code) ?? throw new NotFoundException("Graph.Suggestion.Unknown", code);
        var catalog = await catalogs.GetAsync(await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? throw new DomainRuleException("Questionnaire.NoCatalog", context.Code), cancellationToken);
        var group = suggestion.Site.Group ?? "";
        var sector = catalog.Sectors.FirstOrDefault(x => x.Id == group);
        var (groupEn, groupFr) = sector is null ? (group, group) : (sector.Name.En, sector.Name.Fr);
        var en = System.Globalization.CultureInfo.GetCultureInfo("en");
        var fr = System.Globalization.CultureInfo.GetCultureInfo("fr");
        var s = suggestion.Site;
        var questions = catalog.Questions.Where(q => q.Framework == "operational" && (q.Sectors.Contains(group) || (q.Sectors.Count == 0 && q.Theme == "preparedness"))).Select(q => q.Id).ToList();
        var plan = await roadmaps.GetAsync(viewer, engagement, cancellationToken);
        var input = new Roadmaps.RecommendationInput(
            CoreMessages.Format("Graph.Suggestion.Title", en, s.NameEn, s.Code), CoreMessages.Format("Graph.Suggestion.Title", fr, s.NameFr, s.Code),
            CoreMessages.Format("Graph.Suggestion.Text", en, s.NameEn, groupEn, suggestion.Downstream, suggestion.SoleDependents),
            CoreMessages.Format("Graph.Suggestion.Text", fr, s.NameFr, groupFr, suggestion.Downstream, suggestion.SoleDependents),
            CoreMessages.Format("Graph.Suggestion.Rationale", en, suggestion.Rank, view.Sites), CoreMessages.Format("Graph.Suggestion.Rationale", fr, suggestion.Rank, view.Sites),
            null, null, Scoring.PriorityBand.High, "medium", null, null);
        var added = await roadmaps.AddAsync(viewer, engagement, "operational", "preparedness", questions, input, plan.ConcurrencyStamp, cancellationToken);
        await audit.RecordAsync(viewer, context.Id, "dependencies.propose", $"{context.Code}/{added}", new { site = s.Code, suggestion.Downstream, suggestion.SoleDependents }, cancellationToken);
        return added;
    }

    /// <summary>
    /// What fails, and when, if these sites fail: the deterministic cascade (every dependency propagating, redundancy
    /// respected) in order of hours, with each site's failure probability over <see cref="WhatIfRuns"/> seeded runs.
    /// </summary>
    public async Task<WhatIfResult> WhatIfAsync(Viewer viewer, string engagement, IReadOnlyList<string> failed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failed);
        var (context, ceiling) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        var snapshot = await SnapshotAsync(context, ceiling, cancellationToken);
        var (graph, list) = (snapshot.Graph, snapshot.Refs);
        // Codes as people type them (civ-el-010 is CIV-EL-010); every code not found is named at once.
        var byCode = Enumerable.Range(0, list.Count).ToDictionary(i => list[i].Code, StringComparer.OrdinalIgnoreCase);
        var wanted = failed.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var unknown = wanted.Where(c => !byCode.ContainsKey(c)).ToList();
        if (wanted.Count == 0 || unknown.Count > 0)
        {
            throw new DomainRuleException("Graph.UnknownSites", string.Join(", ", unknown.Select(c => $"« {c} »")));
        }

        var start = wanted.Select(c => byCode[c]).Distinct().ToList();

        var result = Cascade.Run(graph, start);
        var random = MonteCarlo.Simulate(graph, start, WhatIfRuns, 1);
        var initial = start.ToHashSet();
        var times = result.FailureTime.ToArray();
        var causes = result.Cause.ToArray();
        var order = result.Order.ToArray();
        var steps = order.Select(i => new CascadeStep(list[i], times[i], causes[i] >= 0 ? list[causes[i]].Code : null, initial.Contains(i), random.FailureProbability[i])).ToList();
        return new WhatIfResult(steps, random.Runs, random.Seed, random.ExpectedFailedSites, random.ExpectedPeopleAffected, order.Sum(i => snapshot.Capacity[i]));
    }
}

/// <summary>The systemic term of the exposure factor, pure.</summary>
public static class Systemic
{
    /// <summary>Per group (sector or category): the highest downstream count of its sites over the highest of all sites; empty when nothing fails downstream of anything.</summary>
    public static IReadOnlyDictionary<string, double> Of(IEnumerable<string?> groups, IReadOnlyList<long> downstream)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(downstream);
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        var i = 0;
        foreach (var group in groups)
        {
            var d = downstream[i++];
            if (group is not null)
            {
                highest[group] = Math.Max(highest.GetValueOrDefault(group), d);
            }
        }

        var max = highest.Count == 0 ? 0 : highest.Values.Max();
        return max == 0 ? new Dictionary<string, double>() : highest.ToDictionary(p => p.Key, p => Math.Round((double)p.Value / max, 3), StringComparer.Ordinal);
    }
}
