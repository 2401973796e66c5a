using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Scoring;

namespace Rempart.Core.Roadmaps;

/// <summary>What an editor changes in a recommendation (both languages side by side).</summary>
public sealed record RecommendationInput(
    string TitleEn, string TitleFr, string TextEn, string TextFr, string? RationaleEn, string? RationaleFr, string? Lead, IReadOnlyList<string>? Supporting,
    PriorityBand Priority, string Horizon, decimal? CostMin, decimal? CostMax);

/// <summary>A part of a split recommendation.</summary>
public sealed record SplitPart(string TitleEn, string TitleFr, string TextEn, string TextFr);

/// <summary>The plan as pages and documents read it: recommendations with entity acronyms and finding references.</summary>
public sealed record RoadmapView(
    Guid Id, string EngagementCode, RoadmapState State, int Edition, int Revision, int ShortMonths, int MediumMonths, string Classification, Guid ConcurrencyStamp,
    IReadOnlyList<RecommendationView> Recommendations);

public sealed record RecommendationView(Recommendation Recommendation, string Code, string? Lead, IReadOnlyList<string> Supporting, IReadOnlyList<string> Findings, int Comments);

/// <summary>One line of a readable difference between two revisions.</summary>
public sealed record DiffLine(string Recommendation, string Field, string? Before, string? After);

public sealed record RevisionView(int Revision, int Edition, DateTimeOffset At, string By, string Change, string? Note, RoadmapState State);

/// <summary>
/// The national plan of action: generated from the priorities, edited (both languages, reorder, merge, split,
/// reassign, comments), every save a revision with a readable difference between any two, and a workflow from
/// draft to adoption after which the plan is locked and changes open a new edition.
/// </summary>
public sealed class RoadmapService(AppDbContext db, EngagementAccess access, ScoringService scoring, CatalogService catalogs, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Members who may read the plan: those who read answers, and respondents once it is validated.</summary>
    private static bool CanRead(EngagementContext context, RoadmapState? state) =>
        context.Allows(EngagementAction.ReadAnswers) || (context.Allows(EngagementAction.AnswerOwnEntity) && state is RoadmapState.Validated or RoadmapState.Adopted);

    public async Task<RoadmapView?> FindAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var roadmap = await db.Roadmaps.AsNoTracking().Include(r => r.Recommendations).SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken);
        if (!CanRead(context, roadmap?.State))
        {
            throw new ForbiddenException("Engagement.Forbidden", context.Code);
        }

        return roadmap is null ? null : await ViewAsync(context, roadmap, cancellationToken);
    }

    public async Task<RoadmapView> GetAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default) =>
        await FindAsync(viewer, engagement, cancellationToken) ?? throw new NotFoundException("Roadmap.NotFound", engagement);

    /// <summary>Drafts the plan from the current priorities (a draft not yet submitted may be regenerated).</summary>
    public async Task<RoadmapView> GenerateAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.EditRoadmap);
        var card = await scoring.ScoreAsync(viewer, engagement, cancellationToken);
        if (card.Needs.Count == 0)
        {
            throw new DomainRuleException("Roadmap.NoNeeds", context.Code);
        }

        var catalog = await catalogs.GetAsync(card.CatalogKey, cancellationToken);
        var roadmap = await db.Roadmaps.Include(r => r.Recommendations).SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken);
        if (roadmap is { State: not RoadmapState.Draft })
        {
            throw new DomainRuleException("Roadmap.NotDraft", context.Code);
        }

        var engagementRow = await db.Engagements.AsNoTracking().SingleAsync(e => e.Id == context.Id, cancellationToken);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.EngagementId == context.Id).ToListAsync(cancellationToken);
        var entities = (await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id && e.ValidTo == null && !e.IsDeactivated).ToListAsync(cancellationToken))
            .Select(e => new PlanEntity(e.Id, e.Acronym, e.CatalogTypes, assignments.Where(a => a.EntityId == e.Id).SelectMany(a => a.Questions).ToList())).ToList();
        var findings = (await db.Findings.AsNoTracking().Where(f => f.EngagementId == context.Id && f.Status == FindingStatus.Active).ToListAsync(cancellationToken))
            .OrderBy(f => f.Number).Select(f => new PlanFinding(f.Id, f.Reference, f.Questions)).ToList();
        roadmap ??= new Roadmap { EngagementId = context.Id };
        var generated = RoadmapGenerator.Generate(new GenerationInput(context.Code, card, catalog, entities, engagementRow.CoordinatingEntityId, findings, roadmap.ShortMonths, roadmap.MediumMonths));
        if (db.Entry(roadmap).State == EntityState.Detached)
        {
            db.Roadmaps.Add(roadmap);
        }
        else
        {
            // Numbers are never reused: a regenerated draft continues after the highest one given.
            var offset = roadmap.Recommendations.Count == 0 ? 0 : roadmap.Recommendations.Max(r => r.Number);
            db.Recommendations.RemoveRange(roadmap.Recommendations.Where(r => r.Status == RecommendationStatus.Active));
            foreach (var r in generated)
            {
                r.Number += offset;
            }
        }

        foreach (var r in generated)
        {
            r.RoadmapId = roadmap.Id;
            db.Recommendations.Add(r);
        }

        roadmap.GeneratedAt = time.GetUtcNow();
        await SaveRevisionAsync(roadmap, viewer, "generated", null, generated, cancellationToken);
        return await GetAsync(viewer, engagement, cancellationToken);
    }

    public Task UpdateAsync(Viewer viewer, string engagement, Guid recommendationId, RecommendationInput input, Guid expectedStamp, CancellationToken cancellationToken = default) =>
        EditAsync(viewer, engagement, expectedStamp, "edited", null, async (roadmap, context) =>
        {
            ArgumentNullException.ThrowIfNull(input);
            var r = Active(roadmap, recommendationId);
            if (string.IsNullOrWhiteSpace(input.TitleEn) || string.IsNullOrWhiteSpace(input.TitleFr) || string.IsNullOrWhiteSpace(input.TextEn) || string.IsNullOrWhiteSpace(input.TextFr))
            {
                throw new DomainRuleException("Roadmap.BothLanguages", Code(context, r));
            }

            if (!new[] { "short", "medium", "long" }.Contains(input.Horizon) || !Enum.IsDefined(input.Priority))
            {
                throw new DomainRuleException("Roadmap.HorizonOrPriority", Code(context, r));
            }

            if (input.CostMin is < 0 || input.CostMax is < 0 || (input.CostMin is { } min && input.CostMax is { } max && min > max))
            {
                throw new DomainRuleException("Roadmap.CostRange", Code(context, r));
            }

            var entities = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id).ToListAsync(cancellationToken);
            Guid? Entity(string key) => entities.FirstOrDefault(e => string.Equals(e.Acronym, key.Trim(), StringComparison.OrdinalIgnoreCase) || e.Id.ToString() == key.Trim())?.Id
                ?? throw new DomainRuleException("Roadmap.UnknownEntity", key);
            r.TitleEn = input.TitleEn.Trim();
            r.TitleFr = input.TitleFr.Trim();
            r.TextEn = input.TextEn.Trim();
            r.TextFr = input.TextFr.Trim();
            r.RationaleEn = input.RationaleEn?.Trim() ?? r.RationaleEn;
            r.RationaleFr = input.RationaleFr?.Trim() ?? r.RationaleFr;
            r.LeadEntityId = string.IsNullOrWhiteSpace(input.Lead) ? null : Entity(input.Lead);
            r.SupportingEntityIds = [.. (input.Supporting ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => Entity(s)!.Value).Where(id => id != r.LeadEntityId).Distinct()];
            r.Priority = input.Priority;
            r.Horizon = input.Horizon;
            // The same amount written another way (250000 for 250000.0) is not a change.
            if (r.CostMin != input.CostMin)
            {
                r.CostMin = input.CostMin;
            }

            if (r.CostMax != input.CostMax)
            {
                r.CostMax = input.CostMax;
            }

            return Code(context, r);
        }, cancellationToken);

    /// <summary>Moves a recommendation one place up or down within its framework.</summary>
    public Task MoveAsync(Viewer viewer, string engagement, Guid recommendationId, bool up, Guid expectedStamp, CancellationToken cancellationToken = default) =>
        EditAsync(viewer, engagement, expectedStamp, "reordered", null, (roadmap, context) =>
        {
            var r = Active(roadmap, recommendationId);
            var peers = roadmap.Recommendations.Where(x => x.Status == RecommendationStatus.Active && x.Framework == r.Framework).OrderBy(x => x.Order).ToList();
            var index = peers.IndexOf(r);
            var other = up ? (index > 0 ? peers[index - 1] : null) : (index < peers.Count - 1 ? peers[index + 1] : null);
            if (other is not null)
            {
                (r.Order, other.Order) = (other.Order, r.Order);
            }

            return Task.FromResult(Code(context, r));
        }, cancellationToken);

    /// <summary>Merges recommendations into a new one that answers all their gaps; the merged ones stay in the history.</summary>
    public Task MergeAsync(Viewer viewer, string engagement, IReadOnlyList<Guid> ids, Guid expectedStamp, CancellationToken cancellationToken = default) =>
        EditAsync(viewer, engagement, expectedStamp, "merged", null, (roadmap, context) =>
        {
            var parts = ids.Distinct().Select(id => Active(roadmap, id)).OrderBy(x => x.Order).ToList();
            if (parts.Count < 2)
            {
                throw new DomainRuleException("Roadmap.MergeNeedsTwo");
            }

            var first = parts[0];
            var merged = Copy(first, NextNumber(roadmap));
            merged.TextEn = string.Join(" ", parts.Select(p => p.TextEn).Distinct(StringComparer.Ordinal));
            merged.TextFr = string.Join(" ", parts.Select(p => p.TextFr).Distinct(StringComparer.Ordinal));
            merged.RationaleEn = string.Join(" ", parts.Select(p => p.RationaleEn).Distinct(StringComparer.Ordinal));
            merged.RationaleFr = string.Join(" ", parts.Select(p => p.RationaleFr).Distinct(StringComparer.Ordinal));
            merged.Questions = [.. parts.SelectMany(p => p.Questions).Distinct(StringComparer.Ordinal)];
            merged.Provisions = [.. parts.SelectMany(p => p.Provisions).Distinct(StringComparer.Ordinal)];
            merged.Findings = [.. parts.SelectMany(p => p.Findings).Distinct()];
            merged.Templates = [.. parts.SelectMany(p => p.Templates).Distinct(StringComparer.Ordinal)];
            merged.SupportingEntityIds = [.. parts.SelectMany(p => p.SupportingEntityIds.Append(p.LeadEntityId ?? Guid.Empty)).Where(e => e != Guid.Empty && e != first.LeadEntityId).Distinct()];
            merged.Priority = parts.Max(p => p.Priority);
            merged.PriorityIndex = parts.Max(p => p.PriorityIndex);
            merged.Assistance = [.. parts.SelectMany(p => p.Assistance).Distinct()];
            merged.Indicators = [.. parts.SelectMany(p => p.Indicators).Distinct()];
            merged.CostMin = parts.Sum(p => p.CostMin ?? 0);
            merged.CostMax = parts.Sum(p => p.CostMax ?? 0);
            foreach (var p in parts)
            {
                p.Status = RecommendationStatus.Merged;
                p.ReplacedBy = [merged.Id];
            }

            roadmap.Recommendations.Add(merged);
            return Task.FromResult(Code(context, merged));
        }, cancellationToken);

    /// <summary>
    /// Adds a recommendation to the draft that the generator did not propose (for example from the protective
    /// measures missing at high-risk sites), at the end of its framework, with the questions it answers.
    /// </summary>
    public async Task<string> AddAsync(Viewer viewer, string engagement, string framework, string theme, IReadOnlyList<string> questions, RecommendationInput input, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var added = "";
        await EditAsync(viewer, engagement, expectedStamp, "added", null, (roadmap, context) =>
        {
            if (string.IsNullOrWhiteSpace(input.TitleEn) || string.IsNullOrWhiteSpace(input.TitleFr) || string.IsNullOrWhiteSpace(input.TextEn) || string.IsNullOrWhiteSpace(input.TextFr))
            {
                throw new DomainRuleException("Roadmap.AddNeedsText");
            }

            var recommendation = new Recommendation
            {
                RoadmapId = roadmap.Id, Number = NextNumber(roadmap), Framework = framework, Theme = theme,
                Order = roadmap.Recommendations.Where(r => r.Framework == framework).Select(r => r.Order).DefaultIfEmpty(0).Max() + 1,
                TitleEn = input.TitleEn.Trim(), TitleFr = input.TitleFr.Trim(), TextEn = input.TextEn.Trim(), TextFr = input.TextFr.Trim(),
                RationaleEn = input.RationaleEn?.Trim() ?? "", RationaleFr = input.RationaleFr?.Trim() ?? "", Questions = [.. questions],
                Priority = input.Priority, Horizon = input.Horizon, CostMin = input.CostMin, CostMax = input.CostMax, Status = RecommendationStatus.Active,
            };
            roadmap.Recommendations.Add(recommendation);
            added = Code(context, recommendation);
            return Task.FromResult(added);
        }, cancellationToken);
        return added;
    }

    /// <summary>Splits a recommendation into parts that keep its traceability; the original stays in the history.</summary>
    public Task SplitAsync(Viewer viewer, string engagement, Guid recommendationId, IReadOnlyList<SplitPart> parts, Guid expectedStamp, CancellationToken cancellationToken = default) =>
        EditAsync(viewer, engagement, expectedStamp, "split", null, (roadmap, context) =>
        {
            var r = Active(roadmap, recommendationId);
            var valid = parts.Where(p => !string.IsNullOrWhiteSpace(p.TitleEn) && !string.IsNullOrWhiteSpace(p.TitleFr)).ToList();
            if (valid.Count < 2)
            {
                throw new DomainRuleException("Roadmap.SplitNeedsTwo");
            }

            // The parts take the original's place in the plan (those after it move down) and share its indicative cost,
            // so that the plan's total does not grow by a split; each part's amounts can then be edited.
            var n = valid.Count;
            foreach (var after in roadmap.Recommendations.Where(x => x.Order > r.Order))
            {
                after.Order += n - 1;
            }

            static decimal? Share(decimal? total, int count, int index) =>
                total is { } t ? Math.Floor(t / count) + (index == 0 ? t - (Math.Floor(t / count) * count) : 0) : null;
            var created = new List<Recommendation>();
            foreach (var (part, i) in valid.Select((p, i) => (p, i)))
            {
                var copy = Copy(r, NextNumber(roadmap) + i);
                copy.TitleEn = part.TitleEn.Trim();
                copy.TitleFr = part.TitleFr.Trim();
                copy.TextEn = string.IsNullOrWhiteSpace(part.TextEn) ? r.TextEn : part.TextEn.Trim();
                copy.TextFr = string.IsNullOrWhiteSpace(part.TextFr) ? r.TextFr : part.TextFr.Trim();
                copy.Order = r.Order + i;
                copy.CostMin = Share(r.CostMin, n, i);
                copy.CostMax = Share(r.CostMax, n, i);
                created.Add(copy);
            }

            r.Status = RecommendationStatus.Split;
            r.ReplacedBy = [.. created.Select(c => c.Id)];
            roadmap.Recommendations.AddRange(created);
            return Task.FromResult(Code(context, r));
        }, cancellationToken);

    public async Task CommentAsync(Viewer viewer, string engagement, Guid recommendationId, string text, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        if (!context.Allows(EngagementAction.EditRoadmap) && !context.Allows(EngagementAction.ValidateRoadmap))
        {
            throw new ForbiddenException("Engagement.Forbidden", context.Code);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainRuleException("Roadmap.EmptyComment");
        }

        var exists = await db.Recommendations.AnyAsync(r => r.Id == recommendationId && db.Roadmaps.Any(m => m.Id == r.RoadmapId && m.EngagementId == context.Id), cancellationToken);
        if (!exists)
        {
            throw new NotFoundException("Roadmap.NoRecommendation", recommendationId);
        }

        db.RecommendationComments.Add(new RecommendationComment { RecommendationId = recommendationId, At = time.GetUtcNow(), By = viewer.UserId, Text = text.Trim() });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(RecommendationComment Comment, string By)>> CommentsAsync(Viewer viewer, string engagement, Guid recommendationId, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(viewer, engagement, cancellationToken);
        if (view.Recommendations.All(r => r.Recommendation.Id != recommendationId))
        {
            throw new NotFoundException("Roadmap.NoRecommendation", recommendationId);
        }

        var comments = await db.RecommendationComments.AsNoTracking().Where(c => c.RecommendationId == recommendationId).ToListAsync(cancellationToken);
        var ids = comments.Select(c => c.By).Distinct().ToList();
        var names = await db.DisplayNamesAsync(ids, cancellationToken);
        return [.. comments.OrderBy(c => c.At).Select(c => (c, names.GetValueOrDefault(c.By, "?")))];
    }

    /// <summary>
    /// Moves the plan along its workflow: draft → submitted (for national validation) → validated (by the national
    /// coordinator) → adopted (locked). A submitted plan may be returned to draft; an adopted one is reopened as a new edition.
    /// </summary>
    public async Task<RoadmapView> TransitionAsync(Viewer viewer, string engagement, RoadmapState to, string? note, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var roadmap = await LoadForChangeAsync(context, expectedStamp, cancellationToken);
        var from = roadmap.State;
        var (allowed, action, change) = (from, to) switch
        {
            (RoadmapState.Draft, RoadmapState.Submitted) => (true, EngagementAction.EditRoadmap, "submitted"),
            (RoadmapState.Submitted, RoadmapState.Draft) => (true, EngagementAction.EditRoadmap, "returned"),
            (RoadmapState.Submitted, RoadmapState.Validated) => (true, EngagementAction.ValidateRoadmap, "validated"),
            (RoadmapState.Validated, RoadmapState.Draft) => (true, EngagementAction.ValidateRoadmap, "returned"),
            (RoadmapState.Validated, RoadmapState.Adopted) => (true, EngagementAction.EditRoadmap, "adopted"),
            (RoadmapState.Adopted, RoadmapState.Draft) => (true, EngagementAction.EditRoadmap, "reopened"),
            _ => (false, EngagementAction.EditRoadmap, ""),
        };
        if (!allowed)
        {
            throw new DomainRuleException("Roadmap.Transition", from.ToString(), to.ToString());
        }

        context.Demand(action);
        if (change == "returned" && string.IsNullOrWhiteSpace(note))
        {
            throw new DomainRuleException("Roadmap.ReturnNote");
        }

        roadmap.State = to;
        if (to == RoadmapState.Adopted)
        {
            roadmap.AdoptedAt = time.GetUtcNow();
        }

        if (change == "reopened")
        {
            roadmap.Edition++;
        }

        await SaveRevisionAsync(roadmap, viewer, change, note, roadmap.Recommendations, cancellationToken);
        return await GetAsync(viewer, engagement, cancellationToken);
    }

    public async Task<IReadOnlyList<RevisionView>> RevisionsAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(viewer, engagement, cancellationToken);
        var rows = await db.RoadmapRevisions.AsNoTracking().Where(r => r.RoadmapId == view.Id).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.By).Distinct().ToList();
        var names = await db.DisplayNamesAsync(ids, cancellationToken);
        return [.. rows.OrderBy(r => r.Revision).Select(r => new RevisionView(r.Revision, r.Edition, r.At, names.GetValueOrDefault(r.By, "?"), r.Change, r.Note, r.State))];
    }

    /// <summary>What changed between two revisions, recommendation by recommendation and field by field.</summary>
    public async Task<IReadOnlyList<DiffLine>> DiffAsync(Viewer viewer, string engagement, int from, int to, CancellationToken cancellationToken = default) =>
        await DiffAsync(viewer, engagement, from, to, "en", cancellationToken);

    /// <summary>The difference between two revisions, with titles, priorities and amounts as <paramref name="language"/> writes them.</summary>
    public async Task<IReadOnlyList<DiffLine>> DiffAsync(Viewer viewer, string engagement, int from, int to, string language, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(viewer, engagement, cancellationToken);
        var revisions = await db.RoadmapRevisions.AsNoTracking().Where(r => r.RoadmapId == view.Id && (r.Revision == from || r.Revision == to)).ToListAsync(cancellationToken);
        var a = revisions.SingleOrDefault(r => r.Revision == from) ?? throw new NotFoundException("Roadmap.NoRevision", from);
        var b = revisions.SingleOrDefault(r => r.Revision == to) ?? throw new NotFoundException("Roadmap.NoRevision", to);
        var acronyms = await db.NationalEntities.AsNoTracking().Where(e => db.Roadmaps.Any(r => r.Id == view.Id && r.EngagementId == e.EngagementId))
            .ToDictionaryAsync(e => e.Id, e => e.Acronym, cancellationToken);
        return Diff(view.EngagementCode, Read(a.Snapshot), Read(b.Snapshot), acronyms, language);
    }

    /// <summary>The readable difference between two snapshots of the plan; entities by their acronym when <paramref name="acronyms"/> knows them.</summary>
    public static IReadOnlyList<DiffLine> Diff(string engagementCode, IReadOnlyList<Recommendation> before, IReadOnlyList<Recommendation> after, IReadOnlyDictionary<Guid, string>? acronyms = null, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var culture = Access.Cultures.For(language);
        string Name(Guid? id) => id is { } known ? acronyms?.GetValueOrDefault(known) ?? known.ToString() : "";
        string Money(decimal? value) => value?.ToString("#,0.##", culture) ?? "";
        string Title(Recommendation r) => r.TitleIn(language);
        string Band(PriorityBand band) => CoreMessages.Format("PriorityBand." + band, culture);
        string CodeOf(Recommendation r) => $"{engagementCode}-R{r.Number:00}";
        var lines = new List<DiffLine>();
        var old = before.ToDictionary(r => r.Number);
        var now = after.ToDictionary(r => r.Number);
        foreach (var r in after.OrderBy(r => r.Number))
        {
            if (!old.TryGetValue(r.Number, out var o))
            {
                lines.Add(new DiffLine(CodeOf(r), "added", null, Title(r)));
                continue;
            }

            void Field(string name, string? x, string? y)
            {
                if (!string.Equals(x, y, StringComparison.Ordinal))
                {
                    lines.Add(new DiffLine(CodeOf(r), name, x, y));
                }
            }

            Field("title-en", o.TitleEn, r.TitleEn);
            Field("title-fr", o.TitleFr, r.TitleFr);
            Field("text-en", o.TextEn, r.TextEn);
            Field("text-fr", o.TextFr, r.TextFr);
            Field("rationale-en", o.RationaleEn, r.RationaleEn);
            Field("rationale-fr", o.RationaleFr, r.RationaleFr);
            Field("lead", Name(o.LeadEntityId), Name(r.LeadEntityId));
            Field("supporting", string.Join(", ", o.SupportingEntityIds.Select(id => Name(id))), string.Join(", ", r.SupportingEntityIds.Select(id => Name(id))));
            Field("priority", Band(o.Priority), Band(r.Priority));
            Field("horizon", o.Horizon, r.Horizon);
            // Compared as amounts: 250000 and 250000.0 are the same cost.
            if (o.CostMin != r.CostMin || o.CostMax != r.CostMax)
            {
                lines.Add(new DiffLine(CodeOf(r), "cost", $"{Money(o.CostMin)} – {Money(o.CostMax)} USD", $"{Money(r.CostMin)} – {Money(r.CostMax)} USD"));
            }

            Field("order", o.Order.ToString(CultureInfo.InvariantCulture), r.Order.ToString(CultureInfo.InvariantCulture));
            Field("questions", string.Join(",", o.Questions), string.Join(",", r.Questions));
        }

        lines.AddRange(before.Where(r => !now.ContainsKey(r.Number)).OrderBy(r => r.Number).Select(r => new DiffLine(CodeOf(r), "removed", Title(r), null)));
        return lines;
    }

    private static List<Recommendation> Read(string snapshot) => JsonSerializer.Deserialize<List<Recommendation>>(snapshot, Json) ?? [];

    private async Task EditAsync(Viewer viewer, string engagement, Guid expectedStamp, string change, string? note, Func<Roadmap, EngagementContext, Task<string>> edit, CancellationToken cancellationToken)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.EditRoadmap);
        var roadmap = await LoadForChangeAsync(context, expectedStamp, cancellationToken);
        if (roadmap.State != RoadmapState.Draft)
        {
            throw new DomainRuleException(roadmap.State == RoadmapState.Adopted ? "Roadmap.Locked" : "Roadmap.NotDraft", context.Code);
        }

        var what = await edit(roadmap, context);
        var last = await db.RoadmapRevisions.AsNoTracking().Where(r => r.RoadmapId == roadmap.Id).OrderByDescending(r => r.Revision).Select(r => r.Snapshot).FirstOrDefaultAsync(cancellationToken);
        if (change == "edited" && last is not null && Diff(context.Code, Read(last), [.. roadmap.Recommendations.Where(r => r.Status == RecommendationStatus.Active)]).Count == 0)
        {
            // An edit that changes nothing (e.g. only the lead entity named again among the supporting ones, which
            // it cannot be) records no revision.
            throw new DomainRuleException("Roadmap.NothingChanged", what);
        }

        await SaveRevisionAsync(roadmap, viewer, change, note ?? what, roadmap.Recommendations, cancellationToken);
    }

    private async Task<Roadmap> LoadForChangeAsync(EngagementContext context, Guid expectedStamp, CancellationToken cancellationToken)
    {
        var roadmap = await db.Roadmaps.Include(r => r.Recommendations).SingleOrDefaultAsync(r => r.EngagementId == context.Id, cancellationToken)
            ?? throw new NotFoundException("Roadmap.NotFound", context.Code);
        return roadmap.ConcurrencyStamp == expectedStamp ? roadmap : throw new ConflictException("Roadmap.Concurrency", context.Code);
    }

    private async Task SaveRevisionAsync(Roadmap roadmap, Viewer viewer, string change, string? note, IEnumerable<Recommendation> recommendations, CancellationToken cancellationToken)
    {
        roadmap.Revision++;
        db.RoadmapRevisions.Add(new RoadmapRevision
        {
            RoadmapId = roadmap.Id, Revision = roadmap.Revision, Edition = roadmap.Edition, At = time.GetUtcNow(), By = viewer.UserId, Change = change, Note = note, State = roadmap.State,
            Snapshot = SnapshotOf(recommendations),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Roadmap.Concurrency", roadmap.EngagementId);
        }
    }

    private static string SnapshotOf(IEnumerable<Recommendation> recommendations) =>
        JsonSerializer.Serialize(recommendations.Where(r => r.Status == RecommendationStatus.Active).OrderBy(r => r.Number).ToList(), Json);

    private static Recommendation Active(Roadmap roadmap, Guid id) =>
        roadmap.Recommendations.FirstOrDefault(r => r.Id == id && r.Status == RecommendationStatus.Active) ?? throw new NotFoundException("Roadmap.NoRecommendation", id);

    private static int NextNumber(Roadmap roadmap) => roadmap.Recommendations.Count == 0 ? 1 : roadmap.Recommendations.Max(r => r.Number) + 1;

    private static string Code(EngagementContext context, Recommendation r) => $"{context.Code}-R{r.Number:00}";

    private static Recommendation Copy(Recommendation r, int number) => new()
    {
        RoadmapId = r.RoadmapId, Number = number, Order = r.Order, Framework = r.Framework, Theme = r.Theme, TitleEn = r.TitleEn, TitleFr = r.TitleFr, TextEn = r.TextEn,
        TextFr = r.TextFr, RationaleEn = r.RationaleEn, RationaleFr = r.RationaleFr, Questions = [.. r.Questions], Provisions = [.. r.Provisions], Findings = [.. r.Findings],
        Templates = [.. r.Templates], LeadEntityId = r.LeadEntityId, SupportingEntityIds = [.. r.SupportingEntityIds], Priority = r.Priority, PriorityIndex = r.PriorityIndex,
        Horizon = r.Horizon, Assistance = [.. r.Assistance], CostMin = r.CostMin, CostMax = r.CostMax, Indicators = [.. r.Indicators], Milestones = [.. r.Milestones],
    };

    private async Task<RoadmapView> ViewAsync(EngagementContext context, Roadmap roadmap, CancellationToken cancellationToken)
    {
        var entities = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id).ToDictionaryAsync(e => e.Id, e => e.Acronym, cancellationToken);
        var findings = await db.Findings.AsNoTracking().Where(f => f.EngagementId == context.Id).ToDictionaryAsync(f => f.Id, f => f.Reference, cancellationToken);
        var ids = roadmap.Recommendations.Select(r => r.Id).ToList();
        var comments = (await db.RecommendationComments.AsNoTracking().Where(c => ids.Contains(c.RecommendationId)).Select(c => c.RecommendationId).ToListAsync(cancellationToken))
            .GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        var catalogFrameworks = (await catalogs.GetAsync(await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? "", cancellationToken)).Frameworks.Select(f => f.Id).ToList();
        var recommendations = roadmap.Recommendations.Where(r => r.Status == RecommendationStatus.Active)
            .OrderBy(r => catalogFrameworks.IndexOf(r.Framework)).ThenBy(r => r.Order).ThenBy(r => r.Number)
            .Select(r => new RecommendationView(r, $"{context.Code}-R{r.Number:00}", r.LeadEntityId is { } l ? entities.GetValueOrDefault(l) : null,
                [.. r.SupportingEntityIds.Select(s => entities.GetValueOrDefault(s, "?"))], [.. r.Findings.Select(f => findings.GetValueOrDefault(f, "?"))], comments.GetValueOrDefault(r.Id)))
            .ToList();
        return new RoadmapView(roadmap.Id, context.Code, roadmap.State, roadmap.Edition, roadmap.Revision, roadmap.ShortMonths, roadmap.MediumMonths, roadmap.Classification,
            roadmap.ConcurrencyStamp, recommendations);
    }
}
