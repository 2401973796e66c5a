using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Auditing;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core.Targets;

/// <summary>What a list of sites is filtered by (all optional). <see cref="Sector"/> matches a sector or a category.</summary>
public sealed record SiteFilter(SiteKind? Kind = null, string? Sector = null, string? Region = null, string? Band = null, string? Text = null);

public sealed record SiteList(IReadOnlyList<Site> Sites, int Total, int Page, int PageSize);

/// <summary>A point of the map: few fields, so that a national inventory can be drawn.</summary>
public sealed record SitePoint(string Code, string NameFr, string NameEn, SiteKind Kind, double Latitude, double Longitude, string? Band, double? RiskIndex);

/// <summary>A square of the map's grid (its south-west corner and side, in degrees): how many located sites fall in it, the highest risk among them.</summary>
public sealed record MapCell(double South, double West, double Size, int Count, double? MaxRisk);

/// <summary>
/// What the map draws. Up to <see cref="SiteService.MapDotLimit"/> located sites: every one as a dot, and no
/// <see cref="Cells"/>. Beyond: every located site counted in the grid's squares, and only the assessed sites of
/// highest risk as dots (at most <see cref="SiteService.MapRiskDots"/>), so that a national inventory stays readable
/// and light.
/// </summary>
public sealed record SiteMapView(IReadOnlyList<SitePoint> Points, int Total, IReadOnlyList<MapCell> Cells)
{
    public bool Gridded => Cells.Count > 0;

    /// <summary>The side of the grid's squares in degrees, when the map is gridded.</summary>
    public double? CellDegrees => Gridded ? Cells[0].Size : null;
}

public sealed record SiteDetail(Site Site, string? OperatorEntity, IReadOnlyList<SiteRiskAssessment> Assessments);

/// <summary>A site as entered on the web or through the API (same rules as an imported row).</summary>
public sealed record SiteInput(
    string Code, string? NameFr, string? NameEn, string? Kind, string? Sector, string? Subsector, string? Category, string? Operator,
    double? Latitude, double? Longitude, string? Region, long? Capacity, string? Classification, IReadOnlyList<string>? Measures, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record AssessmentInput(RiskMethod Method, DateOnly AssessedOn, IReadOnlyDictionary<string, int>? Factors, IReadOnlyList<ScenarioInput>? Scenarios, string? RationaleFr, string? RationaleEn);

/// <summary>Risk of one group (a sector, a category or a region): how many sites, how many assessed, mean and highest index, count per band.</summary>
public sealed record RiskGroup(string Key, int Sites, int Assessed, double? MeanIndex, double? MaxIndex, IReadOnlyDictionary<string, int> Bands);

/// <summary>A protective measure missing at assessed sites of high risk: the basis of a recommendation.</summary>
public sealed record MeasureGap(string Measure, SiteKind Kind, string Group, int Missing, int Of);

public sealed record SitesSummary(int Total, int Assessed, IReadOnlyList<RiskGroup> BySector, IReadOnlyList<RiskGroup> ByRegion, IReadOnlyList<MeasureGap> Gaps, string Ceiling);

/// <summary>
/// The inventory of vulnerable targets of an engagement and their risk. Every read is limited to the reader's site
/// ceiling: the role's TLP ceiling, and TLP:AMBER+STRICT or TLP:RED only for members cleared for them; donors see no
/// site. Exports are scrubbed the same way and recorded in the audit trail.
/// </summary>
public sealed class SiteService(AppDbContext db, EngagementAccess access, CatalogService catalogs, SiteImporter importer, AuditLog audit, TargetsReference reference, Roadmaps.RoadmapService roadmaps, TimeProvider time)
{
    public TargetsReference Reference => reference;

    /// <summary>The most restricted label this member may see among sites.</summary>
    public Task<string> CeilingAsync(EngagementContext context, CancellationToken cancellationToken = default) => CeilingAsync(db, context, cancellationToken);

    /// <summary>The most restricted label this member may see among sites: their role's ceiling, within their clearance (TLP:AMBER without one).</summary>
    public static async Task<string> CeilingAsync(AppDbContext db, EngagementContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(context);
        if (context.Viewer.IsProgrammeAdministrator)
        {
            return Tlp.Red;
        }

        var role = Tlp.CeilingFor(context.Viewer, context.MemberRole);
        var clearance = await db.EngagementMembers.AsNoTracking().Where(m => m.EngagementId == context.Id && m.UserId == context.Viewer.UserId).Select(m => m.SiteClearance).SingleOrDefaultAsync(cancellationToken);
        var cleared = Tlp.Parse(clearance) is { } c && Tlp.Rank(c) > Tlp.Rank(Tlp.Amber) ? c : Tlp.Amber;
        return Tlp.Rank(cleared) < Tlp.Rank(role) ? cleared : role;
    }

    public async Task<(EngagementContext Context, string Ceiling)> OpenAsync(Viewer viewer, string engagement, EngagementAction action = EngagementAction.ReadSites, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadSites);
        context.Demand(action);
        return (context, await CeilingAsync(context, cancellationToken));
    }

    /// <summary>The sites this reader may see, filtered.</summary>
    public IQueryable<Site> Visible(EngagementContext context, string ceiling, SiteFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var labels = Tlp.All.Where(l => Tlp.Within(l, ceiling)).ToList();
        var query = db.Sites.AsNoTracking().Where(s => s.EngagementId == context.Id && labels.Contains(s.Classification));
        if (filter is null)
        {
            return query;
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(s => s.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Sector))
        {
            query = query.Where(s => s.Sector == filter.Sector || s.Category == filter.Sector);
        }

        if (!string.IsNullOrWhiteSpace(filter.Region))
        {
            query = query.Where(s => s.Region == filter.Region);
        }

        if (filter.Band == "none")
        {
            query = query.Where(s => s.RiskBand == null);
        }
        else if (!string.IsNullOrWhiteSpace(filter.Band))
        {
            query = query.Where(s => s.RiskBand == filter.Band);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(s => s.Code.Contains(text) || s.NameFr.Contains(text) || s.NameEn.Contains(text));
        }

        return query;
    }

    public async Task<SiteList> ListAsync(Viewer viewer, string engagement, SiteFilter filter, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        return await ListAsync(context, ceiling, filter, page, pageSize, cancellationToken);
    }

    /// <summary>The same, for a reader whose engagement is already open (<see cref="OpenAsync"/> gave both).</summary>
    public async Task<SiteList> ListAsync(EngagementContext context, string ceiling, SiteFilter filter, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 500);
        var query = Visible(context, ceiling, filter);
        var total = await query.CountAsync(cancellationToken);
        var sites = await query.OrderByDescending(s => s.RiskIndex.HasValue).ThenByDescending(s => s.RiskIndex).ThenBy(s => s.Code)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new SiteList(sites, total, page, pageSize);
    }

    /// <summary>Located sites drawn one by one at most; beyond, the map counts them in a grid (<see cref="SiteMapView"/>).</summary>
    public const int MapDotLimit = 1000;

    /// <summary>Assessed sites drawn one by one over the grid, highest risk first.</summary>
    public const int MapRiskDots = 300;

    /// <summary>The map of the reader's located sites, filtered like the list; <paramref name="cellDegrees"/> is the grid's square side.</summary>
    public async Task<SiteMapView> MapAsync(Viewer viewer, string engagement, SiteFilter filter, double cellDegrees, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        return await MapAsync(context, ceiling, filter, cellDegrees, cancellationToken);
    }

    /// <summary>The same, for a reader whose engagement is already open (<see cref="OpenAsync"/> gave both).</summary>
    public async Task<SiteMapView> MapAsync(EngagementContext context, string ceiling, SiteFilter filter, double cellDegrees, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cellDegrees);
        var located = Visible(context, ceiling, filter).Where(s => s.Latitude != null && s.Longitude != null);
        var total = await located.CountAsync(cancellationToken);
        var gridded = total > MapDotLimit;
        var dots = gridded ? located.Where(s => s.RiskIndex != null) : located;
        var points = await dots.OrderByDescending(s => s.RiskIndex.HasValue).ThenByDescending(s => s.RiskIndex).ThenBy(s => s.Code).Take(gridded ? MapRiskDots : MapDotLimit)
            .Select(s => new SitePoint(s.Code, s.NameFr, s.NameEn, s.Kind, s.Latitude!.Value, s.Longitude!.Value, s.RiskBand, s.RiskIndex)).ToListAsync(cancellationToken);
        if (!gridded)
        {
            return new SiteMapView(points, total, []);
        }

        var cells = await located
            .GroupBy(s => new { Row = Math.Floor(s.Latitude!.Value / cellDegrees), Column = Math.Floor(s.Longitude!.Value / cellDegrees) })
            .Select(g => new { g.Key.Row, g.Key.Column, Count = g.Count(), Max = g.Max(s => s.RiskIndex) })
            .ToListAsync(cancellationToken);
        return new SiteMapView(points, total, [.. cells.OrderBy(c => c.Row).ThenBy(c => c.Column).Select(c => new MapCell(c.Row * cellDegrees, c.Column * cellDegrees, cellDegrees, c.Count, c.Max))]);
    }

    /// <summary>The engagement's country (ISO 3166-1 alpha-3), for the map's outline.</summary>
    public async Task<string> CountryAsync(EngagementContext context, CancellationToken cancellationToken = default) =>
        await db.Engagements.AsNoTracking().Where(e => e.Id == context.Id).Select(e => e.CountryCode).SingleAsync(cancellationToken);

    /// <summary>The regions that appear in the reader's sites (for filters).</summary>
    public async Task<IReadOnlyList<string>> RegionsAsync(EngagementContext context, string ceiling, CancellationToken cancellationToken = default) =>
        await Visible(context, ceiling).Where(s => s.Region != null).Select(s => s.Region!).Distinct().OrderBy(r => r).ToListAsync(cancellationToken);

    public async Task<SiteDetail> GetAsync(Viewer viewer, string engagement, string code, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        var site = await Visible(context, ceiling).SingleOrDefaultAsync(s => s.Code == code, cancellationToken)
            ?? throw new NotFoundException("Sites.NotFound", code);
        var entity = site.OperatorEntityId is { } id ? await db.NationalEntities.AsNoTracking().Where(n => n.Id == id).Select(n => n.Acronym).SingleOrDefaultAsync(cancellationToken) : null;
        var assessments = await db.SiteRiskAssessments.AsNoTracking().Where(a => a.SiteId == site.Id).OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.CreatedAt).ToListAsync(cancellationToken);
        return new SiteDetail(site, entity, assessments);
    }

    /// <summary>The rules for this engagement: its catalog's sectors and categories, the measure checklist, its entities.</summary>
    public async Task<SiteRules> RulesAsync(EngagementContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? throw new DomainRuleException("Questionnaire.NoCatalog", context.Code);
        var catalog = await catalogs.GetAsync(key, cancellationToken);
        var entities = await db.NationalEntities.AsNoTracking().Where(n => n.EngagementId == context.Id).Select(n => new { n.Acronym, n.Id }).ToListAsync(cancellationToken);
        return new SiteRules(catalog, reference, entities.GroupBy(e => e.Acronym, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The catalog's sectors of this engagement (for forms and filters).</summary>
    public async Task<IReadOnlyList<Sector>> SectorsAsync(EngagementContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? throw new DomainRuleException("Questionnaire.NoCatalog", context.Code);
        return (await catalogs.GetAsync(key, cancellationToken)).Sectors;
    }

    /// <summary>Creates a site (<paramref name="code"/> null) or updates one; a stale stamp is refused.</summary>
    public async Task<Site> SaveAsync(Viewer viewer, string engagement, string? code, SiteInput input, Guid? expectedStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (context, ceiling) = await OpenAsync(viewer, engagement, EngagementAction.ManageSites, cancellationToken);
        var rules = await RulesAsync(context, cancellationToken);
        var problems = new List<SiteProblem>();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var checkedSite = rules.Check(new SiteRow(input.Code ?? "", input.NameFr, input.NameEn, input.Kind, input.Sector, input.Subsector, input.Category, input.Operator,
            input.Latitude?.ToString("R", inv), input.Longitude?.ToString("R", inv), input.Region, input.Capacity?.ToString(inv), input.Classification,
            string.Join(';', input.Measures ?? []), input.ValidFrom?.ToString("yyyy-MM-dd", inv), input.ValidTo?.ToString("yyyy-MM-dd", inv)), 1, problems);
        if (checkedSite is null)
        {
            throw new DomainRuleException("Sites.Invalid", problems[0].Column, problems[0].MessageIn(inv));
        }

        if (!Tlp.Within(checkedSite.Classification, ceiling))
        {
            throw new DomainRuleException("Sites.AboveClearance", checkedSite.Classification, ceiling);
        }

        Site site;
        if (code is null)
        {
            if (await db.Sites.AnyAsync(s => s.EngagementId == context.Id && s.Code == checkedSite.Code, cancellationToken))
            {
                throw new ConflictException("Sites.CodeTaken", checkedSite.Code);
            }

            site = checkedSite;
            (site.Id, site.ConcurrencyStamp) = (Guid.CreateVersion7(), Guid.NewGuid());
            site.EngagementId = context.Id;
            site.CreatedAt = time.GetUtcNow();
            db.Sites.Add(site);
        }
        else
        {
            site = await Visible(context, ceiling).AsTracking().SingleOrDefaultAsync(s => s.Code == code, cancellationToken) ?? throw new NotFoundException("Sites.NotFound", code);
            if (expectedStamp is { } stamp && site.ConcurrencyStamp != stamp)
            {
                throw new ConflictException("Sites.Conflict", code);
            }

            if (checkedSite.Code != site.Code && await db.Sites.AnyAsync(s => s.EngagementId == context.Id && s.Code == checkedSite.Code, cancellationToken))
            {
                throw new ConflictException("Sites.CodeTaken", checkedSite.Code);
            }

            (site.Code, site.NameFr, site.NameEn, site.Kind, site.Sector, site.Subsector, site.Category, site.Operator, site.OperatorEntityId) =
                (checkedSite.Code, checkedSite.NameFr, checkedSite.NameEn, checkedSite.Kind, checkedSite.Sector, checkedSite.Subsector, checkedSite.Category, checkedSite.Operator, checkedSite.OperatorEntityId);
            (site.Latitude, site.Longitude, site.Region, site.Capacity, site.Measures, site.Classification, site.ValidFrom, site.ValidTo) =
                (checkedSite.Latitude, checkedSite.Longitude, checkedSite.Region, checkedSite.Capacity, checkedSite.Measures, checkedSite.Classification, checkedSite.ValidFrom, checkedSite.ValidTo);
            site.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(viewer, context.Id, code is null ? "sites.create" : "sites.update", $"{context.Code}/{site.Code}", new { site.Classification }, cancellationToken);
        return site;
    }

    public async Task DeleteAsync(Viewer viewer, string engagement, string code, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, EngagementAction.ManageSites, cancellationToken);
        var site = await Visible(context, ceiling).AsTracking().SingleOrDefaultAsync(s => s.Code == code, cancellationToken) ?? throw new NotFoundException("Sites.NotFound", code);
        db.Sites.Remove(site);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(viewer, context.Id, "sites.delete", $"{context.Code}/{code}", new { site.NameEn, site.Classification }, cancellationToken);
    }

    /// <summary>Records a risk assessment; when it is the latest by date it sets the site's risk.</summary>
    public async Task<SiteRiskAssessment> AssessAsync(Viewer viewer, string engagement, string code, AssessmentInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (context, ceiling) = await OpenAsync(viewer, engagement, EngagementAction.ManageSites, cancellationToken);
        var site = await Visible(context, ceiling).AsTracking().SingleOrDefaultAsync(s => s.Code == code, cancellationToken) ?? throw new NotFoundException("Sites.NotFound", code);
        if (input.AssessedOn > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
        {
            throw new DomainRuleException("Targets.Risk.FutureDate", input.AssessedOn);
        }

        var result = input.Method == RiskMethod.Carver
            ? RiskMethods.Carver(input.Factors ?? new Dictionary<string, int>(), reference)
            : RiskMethods.Scenario(input.Scenarios ?? [], reference);
        var assessment = new SiteRiskAssessment
        {
            SiteId = site.Id,
            Method = input.Method,
            AssessedOn = input.AssessedOn,
            Factors = input.Method == RiskMethod.Carver ? new Dictionary<string, int>(input.Factors!) : [],
            Scenarios = input.Method == RiskMethod.Scenario ? [.. input.Scenarios!] : [],
            RationaleFr = (input.RationaleFr ?? "").Trim(),
            RationaleEn = (input.RationaleEn ?? "").Trim(),
            RiskIndex = result.Index,
            FullRisk = result.FullRisk,
            Consequence = result.Consequence,
            Likelihood = result.Likelihood,
            Band = result.Band.Id,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = viewer.UserId,
        };
        if (assessment.RationaleFr.Length > 4000 || assessment.RationaleEn.Length > 4000)
        {
            throw new DomainRuleException("Sites.Row.TooLong", 4000);
        }

        db.SiteRiskAssessments.Add(assessment);
        if (site.AssessedOn is null || input.AssessedOn >= site.AssessedOn)
        {
            (site.RiskIndex, site.RiskBand, site.RiskMethod, site.AssessedOn, site.UpdatedAt) = (result.Index, result.Band.Id, input.Method, input.AssessedOn, time.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(viewer, context.Id, "sites.assess", $"{context.Code}/{code}", new { input.Method, result.Index, Band = result.Band.Id }, cancellationToken);
        return assessment;
    }

    /// <summary>Risk by sector or category and by region, and the protective measures most missing at high-risk sites.</summary>
    public async Task<SitesSummary> SummaryAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        return await SummaryAsync(context, ceiling, cancellationToken);
    }

    /// <summary>The same, for a reader whose engagement is already open (<see cref="OpenAsync"/> gave both).</summary>
    public async Task<SitesSummary> SummaryAsync(EngagementContext context, string ceiling, CancellationToken cancellationToken = default)
    {
        var visible = Visible(context, ceiling);
        var rows = await visible.GroupBy(s => new { s.Kind, Group = s.Sector ?? s.Category ?? "", s.Region, s.RiskBand })
            .Select(g => new { g.Key.Kind, g.Key.Group, g.Key.Region, g.Key.RiskBand, Count = g.Count(), Sum = g.Sum(s => s.RiskIndex ?? 0), Max = g.Max(s => s.RiskIndex) })
            .ToListAsync(cancellationToken);

        List<RiskGroup> By(IEnumerable<IGrouping<string, (string? Band, int Count, double Sum, double? Max)>> groups) =>
            [.. groups.Select(g =>
            {
                var assessed = g.Where(x => x.Band is not null).Sum(x => x.Count);
                return new RiskGroup(g.Key, g.Sum(x => x.Count), assessed, assessed == 0 ? null : Math.Round(g.Where(x => x.Band is not null).Sum(x => x.Sum) / assessed, 1),
                    g.Max(x => x.Max), g.Where(x => x.Band is not null).GroupBy(x => x.Band!).ToDictionary(b => b.Key, b => b.Sum(x => x.Count)));
            }).OrderByDescending(g => g.MeanIndex ?? -1).ThenBy(g => g.Key, StringComparer.Ordinal)];

        var bySector = By(rows.GroupBy(r => r.Group, r => (r.RiskBand, r.Count, r.Sum, r.Max)));
        var byRegion = By(rows.GroupBy(r => r.Region ?? "", r => (r.RiskBand, r.Count, r.Sum, r.Max)));

        var highBands = reference.Bands.Where(b => b.From >= 50).Select(b => b.Id).ToList();
        var high = await visible.Where(s => s.RiskBand != null && highBands.Contains(s.RiskBand)).Select(s => new { s.Kind, Group = s.Sector ?? s.Category ?? "", s.Measures }).ToListAsync(cancellationToken);
        var gaps = new List<MeasureGap>();
        foreach (var group in high.GroupBy(h => (h.Kind, h.Group)))
        {
            foreach (var measure in reference.Measures.Where(m => m.Kinds.Contains(group.Key.Kind)))
            {
                var missing = group.Count(s => !s.Measures.Contains(measure.Id));
                if (missing > 0 && missing * 2 >= group.Count())
                {
                    gaps.Add(new MeasureGap(measure.Id, group.Key.Kind, group.Key.Group, missing, group.Count()));
                }
            }
        }

        return new SitesSummary(rows.Sum(r => r.Count), rows.Where(r => r.RiskBand is not null).Sum(r => r.Count), bySector, byRegion,
            [.. gaps.OrderByDescending(g => g.Missing).ThenBy(g => g.Group, StringComparer.Ordinal).ThenBy(g => g.Measure, StringComparer.Ordinal)], ceiling);
    }

    /// <summary>The risk matrix of the reader's assessed sites (their latest assessment), filtered like the list.</summary>
    public async Task<IReadOnlyList<MatrixCell>> MatrixAsync(Viewer viewer, string engagement, SiteFilter filter, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        return await MatrixAsync(context, ceiling, filter, cancellationToken);
    }

    /// <summary>The same, for a reader whose engagement is already open (<see cref="OpenAsync"/> gave both).</summary>
    public async Task<IReadOnlyList<MatrixCell>> MatrixAsync(EngagementContext context, string ceiling, SiteFilter filter, CancellationToken cancellationToken = default)
    {
        var assessed = Visible(context, ceiling, filter).Where(s => s.AssessedOn != null);
        var latest = await db.SiteRiskAssessments.AsNoTracking().Join(assessed, a => a.SiteId, s => s.Id, (a, s) => new { a.SiteId, a.AssessedOn, a.CreatedAt, a.Consequence, a.Likelihood })
            .ToListAsync(cancellationToken);
        return RiskMatrix.Of(latest.GroupBy(a => a.SiteId).Select(g => g.OrderByDescending(a => a.AssessedOn).ThenByDescending(a => a.CreatedAt).First()).Select(a => (a.Consequence, a.Likelihood)));
    }

    /// <summary>
    /// Turns a gap (a measure missing at most high-risk sites of a sector or category) into a recommendation of the
    /// draft roadmap, in both languages, linked to the operational questions of that sector; returns its code.
    /// </summary>
    public async Task<string> ProposeAsync(Viewer viewer, string engagement, string measure, string group, CancellationToken cancellationToken = default)
    {
        var (context, _) = await OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        context.Demand(EngagementAction.EditRoadmap);
        var summary = await SummaryAsync(viewer, engagement, cancellationToken);
        var gap = summary.Gaps.FirstOrDefault(g => g.Measure == measure && g.Group == group) ?? throw new NotFoundException("Sites.Gap.Unknown", measure, group);
        var catalog = await catalogs.GetAsync(await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? throw new DomainRuleException("Questionnaire.NoCatalog", context.Code), cancellationToken);
        var m = reference.Measures.Single(x => x.Id == measure);
        var sector = catalog.Sectors.FirstOrDefault(x => x.Id == group);
        var (groupEn, groupFr) = sector is null ? (group, group) : (sector.Name.En, sector.Name.Fr);
        var en = System.Globalization.CultureInfo.GetCultureInfo("en");
        var fr = System.Globalization.CultureInfo.GetCultureInfo("fr");
        var theme = measure switch { "staff-training" or "exercises" => "training", "counter-uas-awareness" => "emerging-threats", _ => "preparedness" };
        var questions = catalog.Questions.Where(q => q.Framework == "operational" && (q.Sectors.Contains(group) || (q.Sectors.Count == 0 && q.Theme == theme))).Select(q => q.Id).ToList();
        var plan = await roadmaps.GetAsync(viewer, engagement, cancellationToken);
        var input = new Roadmaps.RecommendationInput(
            CoreMessages.Format("Sites.Gap.Title", en, m.Name.En, groupEn), CoreMessages.Format("Sites.Gap.Title", fr, m.Name.Fr, groupFr),
            CoreMessages.Format("Sites.Gap.Text", en, m.Name.En, groupEn, gap.Missing, gap.Of), CoreMessages.Format("Sites.Gap.Text", fr, m.Name.Fr, groupFr, gap.Missing, gap.Of),
            CoreMessages.Format("Sites.Gap.Rationale", en, gap.Missing, gap.Of), CoreMessages.Format("Sites.Gap.Rationale", fr, gap.Missing, gap.Of),
            null, null, Scoring.PriorityBand.High, "short", null, null);
        var code = await roadmaps.AddAsync(viewer, engagement, "operational", theme, questions, input, plan.ConcurrencyStamp, cancellationToken);
        await audit.RecordAsync(viewer, context.Id, "sites.propose", $"{context.Code}/{code}", new { measure, group, gap.Missing, gap.Of }, cancellationToken);
        return code;
    }

    /// <summary>Imports a file into the inventory (all or nothing) and records it in the audit trail.</summary>
    public async Task<SiteImportResult> ImportAsync(Viewer viewer, string engagement, Stream stream, string fileName, IProgress<SiteImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, EngagementAction.ManageSites, cancellationToken);
        var rules = await RulesAsync(context, cancellationToken);
        if (Tlp.Rank(ceiling) < Tlp.Rank(Tlp.Red))
        {
            // A member who may not see RED sites could otherwise overwrite one by its code.
            throw new ForbiddenException("Sites.ImportNeedsClearance", Tlp.Red);
        }

        var result = await importer.ImportAsync(context.Id, rules, stream, fileName, progress, cancellationToken);
        await audit.RecordAsync(viewer, context.Id, "sites.import", $"{context.Code}/{Path.GetFileName(fileName)}", new { result.Rows, result.Added, result.Updated, result.ImportId }, cancellationToken);
        return result;
    }

    /// <summary>Who is cleared for which site labels (members of the engagement).</summary>
    public async Task<IReadOnlyList<(Guid UserId, string Name, string Email, string Role, string? Clearance)>> ClearancesAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var (context, _) = await OpenAsync(viewer, engagement, EngagementAction.ManageSites, cancellationToken);
        return await ClearancesAsync(context, cancellationToken);
    }

    /// <summary>The same, for a manager whose engagement is already open.</summary>
    public async Task<IReadOnlyList<(Guid UserId, string Name, string Email, string Role, string? Clearance)>> ClearancesAsync(EngagementContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Demand(EngagementAction.ManageSites);
        var members = await db.EngagementMembers.AsNoTracking().Where(m => m.EngagementId == context.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.DisplayName, u.Email, m.Role, m.SiteClearance }).ToListAsync(cancellationToken);
        return [.. members.OrderBy(m => m.DisplayName, StringComparer.CurrentCulture).Select(m => (m.UserId, m.DisplayName, m.Email ?? "", m.Role, m.SiteClearance))];
    }

    /// <summary>Grants a member clearance for sites up to a label (never beyond their role's ceiling, never to a donor); null removes it.</summary>
    public async Task SetClearanceAsync(Viewer viewer, string engagement, Guid userId, string? label, CancellationToken cancellationToken = default)
    {
        var (context, ceiling) = await OpenAsync(viewer, engagement, EngagementAction.ManageSites, cancellationToken);
        var member = await db.EngagementMembers.SingleOrDefaultAsync(m => m.EngagementId == context.Id && m.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("Sites.MemberNotFound", userId);
        string? canonical = null;
        if (!string.IsNullOrWhiteSpace(label))
        {
            canonical = Tlp.Parse(label) ?? throw new DomainRuleException("Sites.Row.Classification", label, string.Join(", ", Tlp.All));
            var roleCeiling = Tlp.CeilingFor(Viewer.WithoutRoles(userId), member.Role);
            if (!EngagementPermissions.For(member.Role).Contains(EngagementAction.ReadSites) || !Tlp.Within(canonical, roleCeiling))
            {
                throw new DomainRuleException("Sites.ClearanceBeyondRole", canonical, member.Role);
            }

            if (!Tlp.Within(canonical, ceiling))
            {
                throw new ForbiddenException("Sites.AboveClearance", canonical, ceiling);
            }
        }

        var before = member.SiteClearance;
        member.SiteClearance = canonical;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(viewer, context.Id, "sites.clearance", $"{context.Code}/{userId}", new { Before = before, After = canonical }, cancellationToken);
    }

    /// <summary>
    /// The exposure factor of each question for the priority index, from site risk and systemic criticality (see
    /// <see cref="Exposure.Of"/>). Read over every site, whatever the reader's clearance, because the score card is not
    /// a list of sites.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double>> ExposureAsync(AppDbContext db, Guid engagementId, CatalogDefinition catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(catalog);
        var groups = await db.Sites.AsNoTracking().Where(s => s.EngagementId == engagementId && s.RiskIndex != null)
            .GroupBy(s => s.Sector ?? s.Category ?? "").Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(s => s.RiskIndex!.Value) }).ToListAsync(cancellationToken);
        var systemic = await Interdependencies.DependencyService.SystemicAsync(db, engagementId, cancellationToken);
        return Exposure.Of(catalog, groups.ToDictionary(g => g.Key, g => (g.Count, g.Sum)), systemic);
    }
}

/// <summary>The exposure factor, pure.</summary>
public static class Exposure
{
    /// <summary>Weight of the systemic term: the sector whose sites bring the most down downstream adds this much.</summary>
    public const double SystemicWeight = 0.5;

    /// <summary>
    /// Per question: 1 + mean risk index / 100 over the assessed sites of its sectors + <see cref="SystemicWeight"/> x
    /// the highest systemic term of its sectors (<see cref="Interdependencies.Systemic"/>; subsector ids count for their
    /// sector). A question without sectors takes every assessed site for the risk term and the mean systemic term of
    /// the sectors and categories. Questions with neither term are left out (their factor is 1).
    /// </summary>
    public static IReadOnlyDictionary<string, double> Of(CatalogDefinition catalog, IReadOnlyDictionary<string, (int Count, double Sum)> bySector, IReadOnlyDictionary<string, double>? systemic = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bySector);
        systemic ??= new Dictionary<string, double>();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (bySector.Count == 0 && systemic.Count == 0)
        {
            return result;
        }

        var parent = catalog.Sectors.SelectMany(s => s.Subsectors.Select(x => (x.Id, s.Id)).Prepend((s.Id, s.Id))).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
        var allCount = bySector.Values.Sum(v => v.Count);
        var allSum = bySector.Values.Sum(v => v.Sum);
        foreach (var q in catalog.Questions)
        {
            var sectors = q.Sectors.Select(s => parent.GetValueOrDefault(s, s)).Distinct().ToList();
            var (count, sum) = sectors.Count == 0 ? (allCount, allSum)
                : sectors.Aggregate((0, 0.0), (acc, s) => bySector.TryGetValue(s, out var v) ? (acc.Item1 + v.Count, acc.Item2 + v.Sum) : acc);
            var system = sectors.Count == 0 ? (systemic.Count == 0 ? 0 : systemic.Values.Average()) : sectors.Select(s => systemic.GetValueOrDefault(s)).DefaultIfEmpty(0).Max();
            if (count > 0 || system > 0)
            {
                result[q.Id] = Math.Round(1 + (count > 0 ? sum / count / 100 : 0) + (SystemicWeight * system), 2);
            }
        }

        return result;
    }
}

/// <summary>A cell of the risk matrix: consequence and likelihood each in five steps (1-5), and how many sites fall in it.</summary>
public sealed record MatrixCell(int Consequence, int Likelihood, int Sites);

public static class RiskMatrix
{
    /// <summary>The step (1-5) of a 0-1 value.</summary>
    public static int Step(double value) => Math.Clamp((int)Math.Floor(value * 5) + 1, 1, 5);

    public static IReadOnlyList<MatrixCell> Of(IEnumerable<(double Consequence, double Likelihood)> points) =>
        [.. points.GroupBy(p => (Step(p.Consequence), Step(p.Likelihood))).Select(g => new MatrixCell(g.Key.Item1, g.Key.Item2, g.Count())).OrderBy(c => c.Consequence).ThenBy(c => c.Likelihood)];
}
