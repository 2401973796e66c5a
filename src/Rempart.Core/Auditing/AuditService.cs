using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core.Auditing;

/// <summary>What an auditor asks of the trail: a period (UTC days, inclusive), an action (its start: Site, sites.), an account's e-mail, a text in the subject.</summary>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, string? Action = null, string? User = null, string? Subject = null)
{
    public bool IsEmpty => From is null && To is null && string.IsNullOrWhiteSpace(Action) && string.IsNullOrWhiteSpace(User) && string.IsNullOrWhiteSpace(Subject);
}

/// <summary>
/// One record of the trail as people read it: the account's name and e-mail rather than its id. <see cref="Withheld"/>:
/// the record concerns a site above the reader's site clearance; its subject is cut to its first part and its details
/// are left out (<c>{}</c>).
/// </summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string? UserName, string? UserEmail, string Action, string Subject, string Details, bool Withheld = false);

/// <summary>A page of the trail, newest first; <see cref="Older"/> is where the next page starts (null: no more).</summary>
public sealed record AuditRecords(IReadOnlyList<AuditEntry> Entries, long? Older, IReadOnlyList<string> Actions)
{
    /// <summary>What the ids in these records name, for people to read: accounts, entities, sites, engagements.</summary>
    public IReadOnlyDictionary<Guid, string> Names { get; init; } = new Dictionary<Guid, string>();

    /// <summary>A record's text with each id the page knows followed by what it names ("01a2…-…4994 (Aya Kouassi-Brou)").</summary>
    public string Readable(string text) => AuditService.Readable(text, Names);
}

/// <summary>
/// The audit trail for those who may read it: an engagement's records for its auditors (and administrators), the
/// whole workspace's for administrators; filters, pages and a CSV export (itself recorded).
/// </summary>
public sealed partial class AuditService(AppDbContext db, EngagementAccess access, AuditLog log)
{
    public const int PageSize = 100;

    /// <summary>Who reads, where: the records in scope, and the reader's site ceiling (records about sites above it are withheld).</summary>
    private sealed record Scope(IQueryable<AuditEvent> Query, Guid? EngagementId, string Name, string SiteCeiling);

    private async Task<Scope> ScopeAsync(Viewer viewer, string? engagement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await AuditSealer.SealAsync(db, cancellationToken, wait: true);
        if (engagement is null)
        {
            if (!viewer.IsProgrammeAdministrator)
            {
                throw new ForbiddenException("Audit.WorkspaceForbidden");
            }

            return new Scope(db.AuditEvents.AsNoTracking(), null, "workspace", Tlp.Red);
        }

        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadAudit);
        var ceiling = await Targets.SiteService.CeilingAsync(db, context, cancellationToken);
        return new Scope(db.AuditEvents.AsNoTracking().Where(e => e.EngagementId == context.Id), context.Id, context.Code, ceiling);
    }

    private async Task<IQueryable<AuditEvent>> FilterAsync(IQueryable<AuditEvent> query, AuditFilter filter, CancellationToken cancellationToken)
    {
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var first = await query.Where(e => e.At >= start).OrderBy(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(cancellationToken);
            query = query.Where(e => e.Sequence >= (first ?? long.MaxValue));
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var last = await query.Where(e => e.At < end).OrderByDescending(e => e.Sequence).Select(e => (long?)e.Sequence).FirstOrDefaultAsync(cancellationToken);
            query = query.Where(e => e.Sequence <= (last ?? 0));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(e => e.Action.StartsWith(action));
        }

        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var email = filter.User.Trim().ToUpperInvariant();
            var ids = await db.Users.Where(u => u.NormalizedEmail != null && u.NormalizedEmail.Contains(email)).Select(u => (Guid?)u.Id).ToListAsync(cancellationToken);
            query = query.Where(e => ids.Contains(e.UserId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            var text = filter.Subject.Trim();
            query = query.Where(e => e.Subject.Contains(text));
        }

        return query;
    }

    /// <summary>
    /// Checks the whole chain for a reader of the trail (an engagement's auditor, an administrator): every record's
    /// hash and link, the records of other engagements included (the chain is one), without showing them. The check
    /// is itself recorded.
    /// </summary>
    public async Task<(long Records, IReadOnlyList<AuditBreak> Breaks)> VerifyAsync(Viewer viewer, string? engagement, CancellationToken cancellationToken = default)
    {
        var scope = await ScopeAsync(viewer, engagement, cancellationToken);
        var (records, breaks) = await log.VerifyAsync(cancellationToken);
        await log.RecordAsync(viewer, scope.EngagementId, "audit.verify", scope.Name, new { records, breaks = breaks.Count }, cancellationToken);
        return (records, breaks);
    }

    /// <summary>A page of records, newest first, below <paramref name="before"/> (a sequence number) when given.</summary>
    public async Task<AuditRecords> ListAsync(Viewer viewer, string? engagement, AuditFilter filter, long? before = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var scope = await ScopeAsync(viewer, engagement, cancellationToken);
        var actions = await scope.Query.Select(e => e.Action).Distinct().OrderBy(a => a).Take(300).ToListAsync(cancellationToken);
        var query = await FilterAsync(scope.Query, filter, cancellationToken);
        if (before is { } b)
        {
            query = query.Where(e => e.Sequence < b);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(PageSize + 1).ToListAsync(cancellationToken);
        var entries = await EntriesAsync(scope, rows.Take(PageSize).ToList(), cancellationToken);
        return new AuditRecords(entries, rows.Count > PageSize ? rows[PageSize - 1].Sequence : null, actions) { Names = await NamesAsync(scope, entries, cancellationToken) };
    }

    /// <summary>
    /// Names for the ids the shown records carry (withheld records show none): accounts by name and address, national
    /// entities by acronym, sites by code (only those the reader may see), engagements by code.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(Scope scope, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var ids = entries.Where(e => !e.Withheld).SelectMany(e => GuidsIn(e.Subject + " " + e.Details)).ToHashSet();
        var names = new Dictionary<Guid, string>();
        if (ids.Count == 0)
        {
            return names;
        }

        foreach (var u in await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken))
        {
            names[u.Id] = $"{u.DisplayName} <{u.Email}>";
        }

        foreach (var n in await db.NationalEntities.AsNoTracking().Where(n => ids.Contains(n.Id)).Select(n => new { n.Id, n.Acronym }).ToListAsync(cancellationToken))
        {
            names[n.Id] = n.Acronym;
        }

        var visible = Tlp.All.Where(l => Tlp.Within(l, scope.SiteCeiling)).ToList();
        foreach (var site in await db.Sites.AsNoTracking().Where(x => ids.Contains(x.Id) && visible.Contains(x.Classification)).Select(x => new { x.Id, x.Code }).ToListAsync(cancellationToken))
        {
            names[site.Id] = site.Code;
        }

        foreach (var e in await db.Engagements.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.Code }).ToListAsync(cancellationToken))
        {
            names[e.Id] = e.Code;
        }

        return names;
    }

    /// <summary>The text with each known id followed by what it names.</summary>
    public static string Readable(string text, IReadOnlyDictionary<Guid, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return string.IsNullOrEmpty(text) || names.Count == 0 ? text : GuidPattern().Replace(text, m => Guid.TryParse(m.Value, out var id) && names.TryGetValue(id, out var name) ? $"{m.Value} ({name})" : m.Value);
    }

    private async Task<List<AuditEntry>> EntriesAsync(Scope scope, List<AuditEvent> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Where(r => r.UserId is not null).Select(r => r.UserId!.Value).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.Email), cancellationToken);
        var withheld = await WithheldAsync(scope, rows, cancellationToken);
        return [.. rows.Select(r =>
        {
            var who = r.UserId is { } id && users.TryGetValue(id, out var u) ? u : ((string?)null, (string?)null);
            return withheld.Contains(r.Sequence)
                ? new AuditEntry(r.Sequence, r.At, who.Item1, who.Item2, r.Action, Cut(r.Subject), "{}", Withheld: true)
                : new AuditEntry(r.Sequence, r.At, who.Item1, who.Item2, r.Action, r.Subject, r.Details);
        })];
    }

    /// <summary>The subject's first part (the entity's name or the engagement's code), without what names the record.</summary>
    private static string Cut(string subject) => subject.IndexOf('/', StringComparison.Ordinal) is var at and > 0 ? subject[..at] + "/…" : "…";

    /// <summary>
    /// The records of <paramref name="rows"/> about a site above the reader's site ceiling: those that name such a site
    /// (by id anywhere in the record, or by code in a site record's subject) and site records that carry such a label
    /// (a site deleted since keeps its label in its records). Nothing is withheld from a reader cleared for TLP:RED.
    /// </summary>
    private async Task<HashSet<long>> WithheldAsync(Scope scope, List<AuditEvent> rows, CancellationToken cancellationToken)
    {
        var withheld = new HashSet<long>();
        if (Tlp.Rank(scope.SiteCeiling) >= Tlp.Rank(Tlp.Red) || rows.Count == 0)
        {
            return withheld;
        }

        // Each record's GUIDs (in its subject and details) and site code, read once.
        var named = rows.Select(r => (Row: r, Ids: GuidsIn(r.Subject + " " + r.Details), Code: SiteCode(r))).ToList();
        var guids = named.SelectMany(n => n.Ids).ToHashSet();
        var codes = named.Where(n => n.Code is not null).Select(n => n.Code!).ToHashSet(StringComparer.Ordinal);
        var above = Tlp.All.Where(l => !Tlp.Within(l, scope.SiteCeiling)).ToList();
        var sites = db.Sites.AsNoTracking().Where(s => above.Contains(s.Classification));
        if (scope.EngagementId is { } engagementId)
        {
            sites = sites.Where(s => s.EngagementId == engagementId);
        }

        var restricted = await sites.Where(s => guids.Contains(s.Id) || codes.Contains(s.Code)).Select(s => new { s.Id, s.Code }).ToListAsync(cancellationToken);
        var restrictedIds = restricted.Select(s => s.Id).ToHashSet();
        var restrictedCodes = restricted.Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (r, ids, code) in named)
        {
            if (ids.Any(restrictedIds.Contains) || (code is not null && restrictedCodes.Contains(code)) || (IsSiteRecord(r) && CarriesLabelAbove(r.Details, scope.SiteCeiling)))
            {
                withheld.Add(r.Sequence);
            }
        }

        return withheld;
    }

    private static List<Guid> GuidsIn(string text)
    {
        var ids = new List<Guid>();
        foreach (var m in GuidPattern().EnumerateMatches(text))
        {
            ids.Add(Guid.Parse(text.AsSpan(m.Index, m.Length)));
        }

        return ids;
    }

    /// <summary>Records of a site itself: its changes (Site.added …) and what people did to it (sites.update …).</summary>
    private static bool IsSiteRecord(AuditEvent r) =>
        r.Action.StartsWith("Site.", StringComparison.Ordinal) || r.Action is "sites.create" or "sites.update" or "sites.delete" or "sites.assess" or "sites.propose";

    /// <summary>The site code a site record's subject names: "Site/{id} CODE" or "ENGAGEMENT/CODE".</summary>
    private static string? SiteCode(AuditEvent r)
    {
        if (!IsSiteRecord(r))
        {
            return null;
        }

        var at = r.Action.StartsWith("Site.", StringComparison.Ordinal) ? r.Subject.IndexOf(' ', StringComparison.Ordinal) : r.Subject.IndexOf('/', StringComparison.Ordinal);
        return at >= 0 && at < r.Subject.Length - 1 ? r.Subject[(at + 1)..] : null;
    }

    /// <summary>True when the record's "Classification" (a value, or [before, after]) holds a label above the ceiling.</summary>
    private static bool CarriesLabelAbove(string details, string ceiling)
    {
        if (!details.Contains("Classification", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(details);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var p in doc.RootElement.EnumerateObject().Where(p => p.Name.Equals("Classification", StringComparison.OrdinalIgnoreCase)))
            {
                var values = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToList() : [p.Value];
                if (values.Any(v => v.ValueKind == JsonValueKind.String && !Tlp.Within(v.GetString(), ceiling)))
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: withhold rather than guess.
            return true;
        }

        return false;
    }

    [System.Text.RegularExpressions.GeneratedRegex("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")]
    private static partial System.Text.RegularExpressions.Regex GuidPattern();

    /// <summary>
    /// Every record matching the filter, oldest first, as CSV (UTF-8 with BOM for Excel; a formula-like cell is
    /// prefixed with an apostrophe), with the hashes so that an auditor can check the chain outside Rempart (a record
    /// withheld from this reader, marked in the last column, cannot be checked from the file).
    /// The export is recorded in the trail.
    /// </summary>
    public async Task<int> ExportCsvAsync(Viewer viewer, string? engagement, AuditFilter filter, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var write = await OpenCsvAsync(viewer, engagement, filter, cancellationToken);
        return await write(output, cancellationToken);
    }

    /// <summary>
    /// Checks the reader's access and the filter, then returns what writes the CSV (read and written in pages, so that
    /// a caller can stream it: a refusal comes before any byte).
    /// </summary>
    public async Task<Func<Stream, CancellationToken, Task<int>>> OpenCsvAsync(Viewer viewer, string? engagement, AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var scope = await ScopeAsync(viewer, engagement, cancellationToken);
        var query = await FilterAsync(scope.Query, filter, cancellationToken);
        return (output, token) => WriteCsvAsync(viewer, scope, filter, query, output, token);
    }

    private async Task<int> WriteCsvAsync(Viewer viewer, Scope scope, AuditFilter filter, IQueryable<AuditEvent> query, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync("sequence,at_utc,user_email,user_name,action,subject,details,previous_hash,hash,withheld");
        var count = 0;
        long after = 0;
        while (true)
        {
            var page = await query.Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(2000).ToListAsync(cancellationToken);
            var hashes = page.ToDictionary(p => p.Sequence, p => (p.PreviousHash, p.Hash));
            foreach (var e in await EntriesAsync(scope, page, cancellationToken))
            {
                var row = hashes[e.Sequence];
                await writer.WriteLineAsync(string.Join(',', [
                    e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    Cell(e.UserEmail), Cell(e.UserName), Cell(e.Action), Cell(e.Subject), Cell(e.Details), row.PreviousHash, row.Hash, e.Withheld ? "true" : "false"]));
                count++;
            }

            if (page.Count < 2000)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        await writer.FlushAsync(cancellationToken);
        await log.RecordAsync(viewer, scope.EngagementId, "audit.export", scope.Name, new { filter.From, filter.To, filter.Action, filter.User, filter.Subject, records = count }, cancellationToken);
        return count;
    }

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The changed fields of a record, for a table cell: "Field: before → after", at most a few, short.</summary>
    public static IReadOnlyList<(string Field, string? Before, string? After)> Changes(string details, int max = 6)
    {
        try
        {
            using var doc = JsonDocument.Parse(details);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var list = new List<(string, string?, string?)>();
            foreach (var p in doc.RootElement.EnumerateObject().Take(max))
            {
                if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 2)
                {
                    list.Add((p.Name, Short(p.Value[0]), Short(p.Value[1])));
                }
                else
                {
                    list.Add((p.Name, null, Short(p.Value)));
                }
            }

            return list;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Short(JsonElement e)
    {
        var text = e.ValueKind switch { JsonValueKind.Null or JsonValueKind.Undefined => null, JsonValueKind.String => e.GetString(), _ => e.GetRawText() };
        return text is null ? null : text.Length <= 80 ? text : text[..80] + "…";
    }
}
