using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;

namespace Rempart.Core.Engagements;

/// <summary>A finding as the rapporteur types it.</summary>
public sealed record FindingInput(
    FindingKind Kind, string? TextEn, string? TextFr, string? SessionCode, IReadOnlyList<string>? Questions, IReadOnlyList<string>? Provisions,
    IReadOnlyList<string>? Entities, IReadOnlyList<string>? Sectors, Confidence Confidence, string? Classification = null);

/// <summary>A finding as lists show it (entities by acronym, session by code).</summary>
public sealed record FindingView(
    Guid Id, string Reference, FindingKind Kind, string TextEn, string TextFr, string? Session, IReadOnlyList<string> Questions, IReadOnlyList<string> Provisions,
    IReadOnlyList<string> Entities, IReadOnlyList<string> Sectors, Confidence Confidence, FindingStatus Status, IReadOnlyList<Guid> ReplacedBy, int Revision,
    DateTimeOffset UpdatedAt, Guid ConcurrencyStamp, string Classification = Tlp.Amber)
{
    public string TextIn(string language) => (language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? TextFr : TextEn) is { Length: > 0 } text ? text : TextEn.Length > 0 ? TextEn : TextFr;
}

/// <summary>
/// Consultation findings: captured fast during a session, edited, merged and split afterwards; every change is a
/// revision with who and when, and merged or split findings stay readable with a pointer to what replaced them.
/// </summary>
public sealed class FindingService(AppDbContext db, EngagementAccess access, CatalogService catalogs, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<FindingView>> ListAsync(Viewer viewer, string engagement, bool includeReplaced = false, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var ceiling = context.Ceiling;
        // Need to know: findings above the reader's TLP ceiling are left out (a donor reads up to GREEN, a respondent AMBER).
        var findings = (await db.Findings.AsNoTracking().Where(f => f.EngagementId == context.Id).ToListAsync(cancellationToken))
            .Where(f => Tlp.Within(f.Classification, ceiling)).ToList();
        var sessions = await SessionCodesAsync(context.Id, cancellationToken);
        var acronyms = await db.NationalEntities.Where(e => e.EngagementId == context.Id).ToDictionaryAsync(e => e.Id, e => e.Acronym, cancellationToken);
        return
        [
            .. findings.Where(f => includeReplaced || f.Status == FindingStatus.Active).OrderBy(f => f.Number)
                .Select(f => View(f, sessions, acronyms)),
        ];
    }

    public async Task<IReadOnlyList<FindingRevision>> HistoryAsync(Viewer viewer, string engagement, Guid findingId, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var label = await db.Findings.Where(f => f.Id == findingId && f.EngagementId == context.Id).Select(f => f.Classification).SingleOrDefaultAsync(cancellationToken);
        if (label is null || !Tlp.Within(label, context.Ceiling))
        {
            throw new NotFoundException("Finding.NotFound", findingId);
        }

        return [.. (await db.FindingRevisions.AsNoTracking().Where(r => r.FindingId == findingId).ToListAsync(cancellationToken)).OrderBy(r => r.Revision)];
    }

    public async Task<Finding> CaptureAsync(Viewer viewer, string engagement, FindingInput input, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.CaptureFindings);
        var finding = new Finding { EngagementId = context.Id, CreatedAt = time.GetUtcNow(), CreatedBy = viewer.UserId, Classification = context.Classification };
        await ApplyAsync(context, finding, input, cancellationToken);
        finding.Number = await NextNumberAsync(context.Id, cancellationToken);
        db.Findings.Add(finding);
        Revise(finding, viewer, "created");
        await db.SaveChangesAsync(cancellationToken);
        return finding;
    }

    public async Task<Finding> EditAsync(Viewer viewer, string engagement, Guid findingId, FindingInput input, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.CaptureFindings);
        var finding = await ActiveAsync(context.Id, findingId, cancellationToken);
        if (finding.ConcurrencyStamp != expectedStamp)
        {
            throw new DbUpdateConcurrencyException(CoreMessages.Format("Finding.Concurrency", System.Globalization.CultureInfo.InvariantCulture, finding.Reference));
        }

        await ApplyAsync(context, finding, input, cancellationToken);
        finding.Revision++;
        Revise(finding, viewer, "edited");
        await db.SaveChangesAsync(cancellationToken);
        return finding;
    }

    /// <summary>Merges near-identical findings into a new one that carries all their links; the originals stay, marked merged.</summary>
    public async Task<Finding> MergeAsync(Viewer viewer, string engagement, IReadOnlyList<Guid> findingIds, string? textEn, string? textFr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findingIds);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.CaptureFindings);
        var ids = findingIds.Distinct().ToList();
        if (ids.Count < 2)
        {
            throw new DomainRuleException("Finding.MergeNeedsTwo");
        }

        var sources = new List<Finding>();
        foreach (var id in ids)
        {
            sources.Add(await ActiveAsync(context.Id, id, cancellationToken));
        }

        sources = [.. sources.OrderBy(f => f.Number)];
        var first = sources[0];
        string Join(Func<Finding, string> text) => string.Join(" ", sources.Select(text).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal));
        var merged = new Finding
        {
            EngagementId = context.Id, SessionId = first.SessionId, Kind = first.Kind,
            TextEn = string.IsNullOrWhiteSpace(textEn) ? Join(f => f.TextEn) : textEn.Trim(),
            TextFr = string.IsNullOrWhiteSpace(textFr) ? Join(f => f.TextFr) : textFr.Trim(),
            Questions = [.. sources.SelectMany(f => f.Questions).Distinct(StringComparer.Ordinal)],
            Provisions = [.. sources.SelectMany(f => f.Provisions).Distinct(StringComparer.Ordinal)],
            Entities = [.. sources.SelectMany(f => f.Entities).Distinct()],
            Sectors = [.. sources.SelectMany(f => f.Sectors).Distinct(StringComparer.Ordinal)],
            Confidence = sources.Max(f => f.Confidence),
            // A merged finding keeps the strictest label of what it merges.
            Classification = sources.MaxBy(f => Tlp.Rank(f.Classification))!.Classification,
            CreatedAt = time.GetUtcNow(), CreatedBy = viewer.UserId,
            Number = await NextNumberAsync(context.Id, cancellationToken),
        };
        db.Findings.Add(merged);
        Revise(merged, viewer, "created");
        foreach (var source in sources)
        {
            source.Status = FindingStatus.Merged;
            source.ReplacedBy = [merged.Id];
            source.Revision++;
            Revise(source, viewer, "merged");
        }

        await db.SaveChangesAsync(cancellationToken);
        return merged;
    }

    /// <summary>Splits a finding that says several things into new findings, one per part; the original stays, marked split.</summary>
    public async Task<IReadOnlyList<Finding>> SplitAsync(Viewer viewer, string engagement, Guid findingId, IReadOnlyList<(string? En, string? Fr)> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.CaptureFindings);
        var source = await ActiveAsync(context.Id, findingId, cancellationToken);
        var texts = parts.Where(p => !string.IsNullOrWhiteSpace(p.En) || !string.IsNullOrWhiteSpace(p.Fr)).ToList();
        if (texts.Count < 2)
        {
            throw new DomainRuleException("Finding.SplitNeedsTwo");
        }

        var created = new List<Finding>();
        var number = await NextNumberAsync(context.Id, cancellationToken);
        foreach (var (en, fr) in texts)
        {
            var part = new Finding
            {
                EngagementId = context.Id, SessionId = source.SessionId, Kind = source.Kind, TextEn = en?.Trim() ?? "", TextFr = fr?.Trim() ?? "",
                Questions = [.. source.Questions], Provisions = [.. source.Provisions], Entities = [.. source.Entities], Sectors = [.. source.Sectors],
                Confidence = source.Confidence, Classification = source.Classification, CreatedAt = time.GetUtcNow(), CreatedBy = viewer.UserId, Number = number++,
            };
            db.Findings.Add(part);
            Revise(part, viewer, "created");
            created.Add(part);
        }

        source.Status = FindingStatus.Split;
        source.ReplacedBy = [.. created.Select(c => c.Id)];
        source.Revision++;
        Revise(source, viewer, "split");
        await db.SaveChangesAsync(cancellationToken);
        return created;
    }

    private async Task ApplyAsync(EngagementContext context, Finding finding, FindingInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Enum.IsDefined(input.Kind) || !Enum.IsDefined(input.Confidence))
        {
            throw new DomainRuleException("Finding.KindInvalid");
        }

        if (input.Classification is not null)
        {
            finding.Classification = EngagementService.Label(input.Classification);
        }

        var en = input.TextEn?.Trim() ?? "";
        var fr = input.TextFr?.Trim() ?? "";
        if (en.Length == 0 && fr.Length == 0)
        {
            throw new DomainRuleException("Finding.TextRequired");
        }

        if (en.Length > 4000 || fr.Length > 4000)
        {
            throw new DomainRuleException("Finding.TextTooLong");
        }

        Guid? sessionId = null;
        if (!string.IsNullOrWhiteSpace(input.SessionCode))
        {
            var code = input.SessionCode.Trim().ToUpperInvariant();
            sessionId = await db.ConsultationSessions.Where(s => s.Code == code && db.ConsultationEvents.Any(e => e.Id == s.EventId && e.EngagementId == context.Id))
                .Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken) ?? throw new DomainRuleException("Attendance.SessionUnknown", input.SessionCode);
        }

        var entityIds = new List<Guid>();
        var wanted = (input.Entities ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var entities = wanted.Count == 0 ? [] : await db.NationalEntities.Where(e => e.EngagementId == context.Id).ToListAsync(cancellationToken);
        foreach (var acronym in wanted)
        {
            var match = entities.FirstOrDefault(e => e.Id.ToString() == acronym) ?? NationalEntity.Named(entities, acronym)
                ?? throw new DomainRuleException("Attendance.EntityUnknown", acronym);
            entityIds.Add(match.Id);
        }

        var questions = Clean(input.Questions);
        var provisions = Clean(input.Provisions);
        var sectors = Clean(input.Sectors);
        if (questions.Count + provisions.Count + sectors.Count > 0)
        {
            var key = await catalogs.PinnedKeyAsync(context.Id, cancellationToken) ?? throw new DomainRuleException("Finding.NoCatalog");
            var catalog = await catalogs.GetAsync(key, cancellationToken);
            var unknown = questions.Where(q => catalog.Questions.All(x => x.Id != q)).Select(q => ("Finding.QuestionUnknown", q))
                .Concat(provisions.Where(p => catalog.Provisions.All(x => x.Id != p)).Select(p => ("Finding.ProvisionUnknown", p)))
                .Concat(sectors.Where(s => !catalog.Sectors.Any(x => x.Id == s || x.Subsectors.Any(y => y.Id == s))).Select(s => ("Finding.SectorUnknown", s)))
                .FirstOrDefault();
            if (unknown.Item1 is not null)
            {
                throw new DomainRuleException(unknown.Item1, unknown.Item2, key);
            }
        }

        finding.Kind = input.Kind;
        finding.TextEn = en;
        finding.TextFr = fr;
        finding.SessionId = sessionId;
        finding.Questions = questions;
        finding.Provisions = provisions;
        finding.Entities = entityIds;
        finding.Sectors = sectors;
        finding.Confidence = input.Confidence;
        finding.UpdatedAt = time.GetUtcNow();
        finding.UpdatedBy = context.Viewer.UserId;
    }

    private static List<string> Clean(IReadOnlyList<string>? ids) =>
        [.. (ids ?? []).SelectMany(i => i.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(i => i.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];

    private void Revise(Finding finding, Viewer viewer, string change) =>
        db.FindingRevisions.Add(new FindingRevision
        {
            FindingId = finding.Id, Revision = finding.Revision, At = time.GetUtcNow(), By = viewer.UserId, Change = change,
            Snapshot = JsonSerializer.Serialize(new
            {
                finding.Kind, finding.TextEn, finding.TextFr, finding.SessionId, finding.Questions, finding.Provisions, finding.Entities, finding.Sectors,
                finding.Confidence, finding.Classification, finding.Status, finding.ReplacedBy,
            }, Json),
        });

    private async Task<Finding> ActiveAsync(Guid engagementId, Guid findingId, CancellationToken cancellationToken)
    {
        var finding = await db.Findings.SingleOrDefaultAsync(f => f.Id == findingId && f.EngagementId == engagementId, cancellationToken)
            ?? throw new NotFoundException("Finding.NotFound", findingId);
        return finding.Status == FindingStatus.Active ? finding : throw new DomainRuleException("Finding.NotActive", finding.Reference);
    }

    private async Task<int> NextNumberAsync(Guid engagementId, CancellationToken cancellationToken) =>
        (await db.Findings.Where(f => f.EngagementId == engagementId).MaxAsync(f => (int?)f.Number, cancellationToken) ?? 0)
        + db.ChangeTracker.Entries<Finding>().Count(e => e.State == EntityState.Added && e.Entity.EngagementId == engagementId) + 1;

    private Task<Dictionary<Guid, string>> SessionCodesAsync(Guid engagementId, CancellationToken cancellationToken) =>
        db.ConsultationSessions.Where(s => db.ConsultationEvents.Any(e => e.Id == s.EventId && e.EngagementId == engagementId)).ToDictionaryAsync(s => s.Id, s => s.Code, cancellationToken);

    internal static FindingView View(Finding f, IReadOnlyDictionary<Guid, string> sessions, IReadOnlyDictionary<Guid, string> acronyms) =>
        new(f.Id, f.Reference, f.Kind, f.TextEn, f.TextFr, f.SessionId is { } s ? sessions.GetValueOrDefault(s) : null, f.Questions, f.Provisions,
            [.. f.Entities.Select(e => acronyms.GetValueOrDefault(e, "?"))], f.Sectors, f.Confidence, f.Status, f.ReplacedBy, f.Revision, f.UpdatedAt, f.ConcurrencyStamp, f.Classification);
}
