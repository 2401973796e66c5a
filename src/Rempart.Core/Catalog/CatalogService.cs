using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core.Catalog;

/// <summary>A stored version as lists show it.</summary>
public sealed record CatalogVersionSummary(
    Guid Id, string Key, string CatalogId, string Version, string? BaseKey, string? Country, DateOnly PublishedOn, string TitleEn, string TitleFr,
    DateTimeOffset ImportedAt, int Instruments, int Provisions, int Questions, int Templates);

/// <summary>What an import did with one version.</summary>
public enum ImportOutcome
{
    /// <summary>Stored as a new version.</summary>
    Imported,

    /// <summary>The same version with the same content was already there: nothing changed.</summary>
    AlreadyPresent,
}

public sealed record ImportResult(string Key, ImportOutcome Outcome, CatalogDefinition Definition);

/// <summary>The catalog folder has errors: nothing was imported.</summary>
public sealed class CatalogInvalidException(IReadOnlyList<CatalogError> errors)
    : Exception($"The catalog has {errors.Count} error(s); nothing was imported. First: {(errors.Count > 0 ? errors[0] : null)}")
{
    public IReadOnlyList<CatalogError> Errors { get; } = errors;
}

/// <summary>Imports catalog versions (immutable) and reads them back.</summary>
public sealed class CatalogService(AppDbContext db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    // Stored versions never change, so a parsed definition can be kept for as long as the process lives.
    private static readonly ConcurrentDictionary<string, CatalogDefinition> Parsed = new(StringComparer.Ordinal);

    /// <summary>Validates a folder and imports its base and overlays, all or nothing.</summary>
    public async Task<IReadOnlyList<ImportResult>> ImportFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var loaded = CatalogLoader.Load(folder);
        if (!loaded.IsValid)
        {
            throw new CatalogInvalidException(loaded.Errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var results = new List<ImportResult> { await ImportAsync(loaded.Base!, cancellationToken) };
        foreach (var overlay in loaded.Overlays)
        {
            results.Add(await ImportAsync(overlay, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return results;
    }

    /// <summary>The workspace setting that holds the fingerprint of the catalog folder last imported at start-up.</summary>
    public const string ImportedFingerprintKey = "catalog.imported-fingerprint";

    /// <summary>
    /// Imports the folder like <see cref="ImportFolderAsync"/> unless the very same files (names and bytes, hashed)
    /// were imported before: a start-up then reads the files and one row instead of parsing the whole catalog. Null
    /// when nothing had to be done.
    /// </summary>
    public async Task<IReadOnlyList<ImportResult>?> ImportFolderOnceAsync(string folder, CancellationToken cancellationToken = default)
    {
        var fingerprint = Fingerprint(folder);
        var stored = await db.WorkspaceSettings.AsNoTracking().Where(s => s.Key == ImportedFingerprintKey).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
        if (stored == fingerprint)
        {
            return null;
        }

        var results = await ImportFolderAsync(folder, cancellationToken);
        var setting = await db.WorkspaceSettings.SingleOrDefaultAsync(s => s.Key == ImportedFingerprintKey, cancellationToken);
        if (setting is null)
        {
            db.WorkspaceSettings.Add(setting = new WorkspaceSetting { Key = ImportedFingerprintKey });
        }

        setting.Value = fingerprint;
        setting.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance recorded it at the same moment; the import itself is idempotent.
            db.ChangeTracker.Clear();
        }

        return results;
    }

    /// <summary>SHA-256 over every file of the folder: its path relative to the folder and its bytes, in ordinal order.</summary>
    internal static string Fingerprint(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file).Replace('\\', '/'));
            var bytes = File.ReadAllBytes(file);
            hash.AppendData(BitConverter.GetBytes(name.Length));
            hash.AppendData(name);
            hash.AppendData(BitConverter.GetBytes(bytes.LongLength));
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Stores one version; the same key with different content is refused (a version never changes).</summary>
    public async Task<ImportResult> ImportAsync(CatalogDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var content = JsonSerializer.Serialize(definition, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        var existing = await db.CatalogVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Key == definition.Key, cancellationToken);
        if (existing is not null)
        {
            return existing.ContentHash == hash
                ? new ImportResult(definition.Key, ImportOutcome.AlreadyPresent, definition)
                : throw new DomainRuleException("Catalog.VersionChanged", definition.Key);
        }

        if (definition.BaseKey is { } baseKey && !await db.CatalogVersions.AnyAsync(v => v.Key == baseKey, cancellationToken))
        {
            throw new DomainRuleException("Catalog.BaseMissing", definition.Key, baseKey);
        }

        db.CatalogVersions.Add(new CatalogVersion
        {
            Key = definition.Key,
            CatalogId = definition.Id,
            Version = definition.Version,
            BaseKey = definition.BaseKey,
            Country = definition.Country,
            PublishedOn = definition.Date,
            TitleEn = definition.Title.En,
            TitleFr = definition.Title.Fr,
            ImportedAt = time.GetUtcNow(),
            ContentHash = hash,
            Content = content,
            InstrumentCount = definition.Instruments.Count,
            ProvisionCount = definition.ProvisionCount,
            QuestionCount = definition.Questions.Count,
            TemplateCount = definition.Templates.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
        return new ImportResult(definition.Key, ImportOutcome.Imported, definition);
    }

    public async Task<IReadOnlyList<CatalogVersionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.CatalogVersions.AsNoTracking()
            .Select(v => new CatalogVersionSummary(v.Id, v.Key, v.CatalogId, v.Version, v.BaseKey, v.Country, v.PublishedOn, v.TitleEn, v.TitleFr,
                v.ImportedAt, v.InstrumentCount, v.ProvisionCount, v.QuestionCount, v.TemplateCount))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.CatalogId, StringComparer.Ordinal).ThenByDescending(r => r.ImportedAt)];
    }

    /// <summary>A stored version by key (<c>rempart-base@2026.2</c>) or id; null when there is none.</summary>
    public async Task<CatalogDefinition?> FindAsync(string keyOrId, CancellationToken cancellationToken = default)
    {
        var versions = Guid.TryParse(keyOrId, out var id)
            ? db.CatalogVersions.AsNoTracking().Where(v => v.Id == id)
            : db.CatalogVersions.AsNoTracking().Where(v => v.Key == keyOrId);
        // The hash first: the content (hundreds of kilobytes) is read from the database only once per process.
        var hash = await versions.Select(v => v.ContentHash).SingleOrDefaultAsync(cancellationToken);
        if (hash is null)
        {
            return null;
        }

        if (Parsed.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var content = await versions.Select(v => v.Content).SingleAsync(cancellationToken);
        return Parsed.GetOrAdd(hash, _ => JsonSerializer.Deserialize(content, CatalogJson.Default.CatalogDefinition)!);
    }

    public async Task<CatalogDefinition> GetAsync(string keyOrId, CancellationToken cancellationToken = default) =>
        await FindAsync(keyOrId, cancellationToken) ?? throw new NotFoundException("Catalog.NotFound", keyOrId);

    /// <summary>The most recently imported version of a catalog id (the base by default).</summary>
    public async Task<CatalogVersionSummary?> LatestAsync(string catalogId = "rempart-base", CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(v => v.CatalogId == catalogId);

    /// <summary>Pins an engagement the viewer can see to a catalog version.</summary>
    public async Task PinAsync(Viewer viewer, EngagementService engagements, string engagementCodeOrId, string versionKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (!viewer.IsProgrammeStaff)
        {
            throw new ForbiddenException("Engagement.Forbidden", engagementCodeOrId);
        }

        await PinCheckedAsync(viewer, engagements, engagementCodeOrId, versionKey, cancellationToken);
    }

    /// <summary>
    /// Pins without the programme-role check, for a caller that has made its own (a follow-up assessment, started by
    /// whoever may freeze the scores, moves to the newer catalog as part of it).
    /// </summary>
    internal async Task PinCheckedAsync(Viewer viewer, EngagementService engagements, string engagementCodeOrId, string versionKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engagements);
        var visible = await engagements.FindAsync(viewer, engagementCodeOrId, cancellationToken)
            ?? throw new NotFoundException("Engagement.NotFound", engagementCodeOrId);
        var version = await db.CatalogVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Key == versionKey, cancellationToken)
            ?? throw new DomainRuleException("Catalog.NotFound", versionKey);
        var engagement = await db.Engagements.SingleAsync(e => e.Id == visible.Summary.Id, cancellationToken);
        engagement.CatalogVersionId = version.Id;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The key of the version an engagement is pinned to, or null.</summary>
    public Task<string?> PinnedKeyAsync(Guid engagementId, CancellationToken cancellationToken = default) =>
        db.Engagements.Where(e => e.Id == engagementId)
            .Join(db.CatalogVersions, e => e.CatalogVersionId, v => v.Id, (e, v) => v.Key)
            .SingleOrDefaultAsync(cancellationToken);
}
