using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Engagements;

/// <summary>The fields of a national entity as it is created or edited.</summary>
public sealed record EntityInput(
    EntityKind Kind, string Acronym, string NameEn, string NameFr, string MandateEn, string MandateFr, IReadOnlyList<string> Sectors,
    Guid? ParentId, DateOnly ValidFrom);

/// <summary>An entity as lists show it, with its current name and what refers to it.</summary>
public sealed record EntityView(
    Guid Id, EntityKind Kind, string Acronym, string NameEn, string NameFr, string MandateEn, string MandateFr, IReadOnlyList<string> Sectors,
    Guid? ParentId, DateOnly ValidFrom, DateOnly? ValidTo, Guid? SuccessorId, bool IsDeactivated, int Participants, Guid ConcurrencyStamp,
    IReadOnlyList<string> CatalogTypes);

/// <summary>What an entity import did, or, when <see cref="Errors"/> is not empty, why it did nothing.</summary>
public sealed record EntityImportReport(string FileName, int Rows, IReadOnlyList<ImportRowError> Errors, int Created, int AlreadyPresent, IReadOnlyList<string>? Kept = null)
{
    public bool Imported => Errors.Count == 0;
}

/// <summary>
/// National entities of an engagement. Renames keep the id and add to the name history; merges close the merged
/// entities with a successor; an entity that something refers to cannot be deleted, only deactivated.
/// </summary>
public sealed class EntityService(AppDbContext db, EngagementAccess access, Catalog.CatalogService catalogs)
{
    public async Task<IReadOnlyList<EntityView>> ListAsync(Viewer viewer, string engagement, bool includeClosed = true, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        var rows = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id)
            .Select(e => new EntityView(e.Id, e.Kind, e.Acronym, e.NameEn, e.NameFr, e.MandateEn, e.MandateFr, e.Sectors, e.ParentId, e.ValidFrom, e.ValidTo,
                e.SuccessorId, e.IsDeactivated, db.Participants.Count(p => p.EntityId == e.Id), e.ConcurrencyStamp, e.CatalogTypes))
            .ToListAsync(cancellationToken);
        return [.. rows.Where(r => includeClosed || (r.ValidTo is null && !r.IsDeactivated)).OrderBy(r => r.Acronym, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.NameEn, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<EntityNameRecord>> HistoryAsync(Viewer viewer, string engagement, Guid entityId, CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.Read, cancellationToken);
        return [.. entity.NameHistory.OrderBy(n => n.ValidFrom)];
    }

    public async Task<NationalEntity> CreateAsync(Viewer viewer, string engagement, EntityInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        await CheckAsync(context.Id, input, null, cancellationToken);
        var entity = new NationalEntity
        {
            EngagementId = context.Id,
            Kind = input.Kind,
            Acronym = input.Acronym.Trim(),
            NameEn = input.NameEn.Trim(),
            NameFr = input.NameFr.Trim(),
            MandateEn = input.MandateEn.Trim(),
            MandateFr = input.MandateFr.Trim(),
            Sectors = [.. input.Sectors.Distinct(StringComparer.Ordinal)],
            ParentId = input.ParentId,
            ValidFrom = input.ValidFrom,
        };
        entity.NameHistory.Add(new EntityNameRecord { Acronym = entity.Acronym, NameEn = entity.NameEn, NameFr = entity.NameFr, ValidFrom = input.ValidFrom, ChangedByUserId = viewer.UserId });
        db.NationalEntities.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return entity;
    }

    /// <summary>The columns an entity list may have, and the names people give them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ImportColumns = new Dictionary<string, string[]>
    {
        ["acronym"] = ["acronym", "sigle", "abréviation"],
        ["kind"] = ["kind", "type", "nature", "catégorie"],
        ["name_fr"] = ["name fr", "nom fr", "nom", "dénomination", "nom en français"],
        ["name_en"] = ["name en", "name", "nom en", "nom en anglais", "english name"],
        ["parent"] = ["parent", "tutelle", "rattachement"],
        ["valid_from"] = ["valid from", "depuis", "date de création", "créée le", "since"],
        ["sectors"] = ["sectors", "secteurs"],
    };

    /// <summary>
    /// Imports a list of entities (CSV or XLSX), all or nothing: each bad row is named with its reason. Entities whose
    /// acronym already exists are left as they are, so importing the same list twice changes nothing.
    /// </summary>
    public async Task<EntityImportReport> ImportAsync(Viewer viewer, string engagement, Stream file, string fileName, DateOnly defaultValidFrom, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var data = Documents.TabularFile.Read(file, fileName, ImportColumns);
        var errors = new List<ImportRowError>();
        void Fail(int row, string field, string code, params object[] args) => errors.Add(new ImportRowError(row, data.HeaderOf(field), code, args));
        if (!data.Columns.Contains("acronym") || !data.Columns.Contains("name_fr") || !data.Columns.Contains("name_en"))
        {
            Fail(1, "acronym", "EntityImport.Columns");
            return new EntityImportReport(fileName, data.Rows.Count, errors, 0, 0);
        }

        var existing = await db.NationalEntities.Where(e => e.EngagementId == context.Id).ToListAsync(cancellationToken);
        var planned = new List<(TabularRowInput Row, NationalEntity Entity)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var already = 0;
        var kept = new List<string>();
        foreach (var row in data.Rows)
        {
            var acronym = row.Get("acronym");
            if (acronym.Length is 0 or > 30)
            {
                Fail(row.Number, "acronym", "EntityImport.Acronym");
                continue;
            }

            if (!seen.Add(acronym))
            {
                Fail(row.Number, "acronym", "EntityImport.Twice", acronym);
                continue;
            }

            if (existing.Any(e => e.Acronym.Equals(acronym, StringComparison.OrdinalIgnoreCase)))
            {
                already++;
                kept.Add(acronym);
                continue;
            }

            var kind = ParseKind(row.Get("kind"));
            if (kind is null)
            {
                Fail(row.Number, "kind", "EntityImport.Kind", row.Get("kind"));
            }

            if (row.Get("name_fr").Length == 0 || row.Get("name_en").Length == 0)
            {
                Fail(row.Number, "name_fr", "Entity.NameRequired");
            }

            var from = defaultValidFrom;
            if (row.Get("valid_from") is { Length: > 0 } date && !DateOnly.TryParseExact(date, ["yyyy-MM-dd", "dd/MM/yyyy"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out from))
            {
                Fail(row.Number, "valid_from", "EntityImport.Date", date);
            }

            var entity = new NationalEntity
            {
                EngagementId = context.Id, Kind = kind ?? EntityKind.Agency, Acronym = acronym, NameFr = row.Get("name_fr"), NameEn = row.Get("name_en"),
                ValidFrom = from, Sectors = [.. row.Get("sectors").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)],
            };
            planned.Add((new TabularRowInput(row.Number, row.Get("parent")), entity));
        }

        foreach (var (row, entity) in planned.Where(p => p.Row.Parent.Length > 0))
        {
            var parent = existing.FirstOrDefault(e => e.Acronym.Equals(row.Parent, StringComparison.OrdinalIgnoreCase))
                ?? planned.Select(p => p.Entity).FirstOrDefault(e => e.Acronym.Equals(row.Parent, StringComparison.OrdinalIgnoreCase));
            if (parent is null || parent == entity)
            {
                Fail(row.Number, "parent", "Attendance.EntityUnknown", row.Parent);
            }
            else
            {
                entity.ParentId = parent.Id;
            }
        }

        if (errors.Count > 0)
        {
            return new EntityImportReport(fileName, data.Rows.Count, [.. errors.OrderBy(e => e.Row)], 0, already);
        }

        foreach (var (_, entity) in planned)
        {
            entity.NameHistory.Add(new EntityNameRecord { EntityId = entity.Id, Acronym = entity.Acronym, NameEn = entity.NameEn, NameFr = entity.NameFr, ValidFrom = entity.ValidFrom, ChangedByUserId = viewer.UserId, Reason = fileName });
            db.NationalEntities.Add(entity);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new EntityImportReport(fileName, data.Rows.Count, [], planned.Count, already, kept);
    }

    private sealed record TabularRowInput(int Number, string Parent);

    /// <summary>An entity kind by its English name or the French word people write.</summary>
    public static EntityKind? ParseKind(string text)
    {
        var folded = Catalog.CatalogAnalysis.Fold(text.Trim());
        if (Enum.TryParse<EntityKind>(folded.Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out var kind) && Enum.IsDefined(kind))
        {
            return kind;
        }

        return folded switch
        {
            "ministere" => EntityKind.Ministry,
            "agence" or "office" or "etablissement public" or "" => EntityKind.Agency,
            "regulateur" or "autorite" or "autorite de regulation" or "regulatory authority" => EntityKind.Regulator,
            "operateur" => EntityKind.Operator,
            "service de securite" or "forces de securite" or "security services" or "security forces" => EntityKind.SecurityService,
            "coordination" or "organe de coordination" or "coordination body" => EntityKind.Coordination,
            "parlement" or "assemblee nationale" => EntityKind.Parliament,
            "justice" or "judiciaire" or "autorite judiciaire" or "judicial authority" => EntityKind.Judiciary,
            "collectivite" or "collectivite territoriale" or "mairie" => EntityKind.LocalAuthority,
            "societe civile" or "ong" => EntityKind.CivilSociety,
            "secteur prive" or "entreprise" => EntityKind.PrivateSector,
            _ => null,
        };
    }

    /// <summary>
    /// Changes what an entity is and does (kind, mandate, sectors, parent). Its name changes through
    /// <see cref="RenameAsync"/>, which keeps the history.
    /// </summary>
    public async Task UpdateAsync(
        Viewer viewer, string engagement, Guid entityId, EntityKind kind, string mandateEn, string mandateFr, IReadOnlyList<string> sectors, Guid? parentId, Guid expectedStamp,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sectors);
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        Concurrency(entity, expectedStamp);
        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException("EntityImport.Kind", kind.ToString());
        }

        if (parentId is { } parent && (parent == entity.Id || !await db.NationalEntities.AnyAsync(e => e.Id == parent && e.EngagementId == entity.EngagementId, cancellationToken)))
        {
            throw new DomainRuleException("Entity.ParentInvalid");
        }

        entity.Kind = kind;
        entity.MandateEn = mandateEn?.Trim() ?? "";
        entity.MandateFr = mandateFr?.Trim() ?? "";
        entity.Sectors = [.. sectors.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
        entity.ParentId = parentId;
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Says which of the catalog's entity types the entity is (e.g. ministry-energy, regulator): the questions the
    /// catalog addresses to those types are suggested for it.
    /// </summary>
    public async Task SetCatalogTypesAsync(Viewer viewer, string engagement, Guid entityId, IReadOnlyList<string> types, Guid expectedStamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(types);
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        Concurrency(entity, expectedStamp);
        var wanted = types.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (await catalogs.PinnedKeyAsync(entity.EngagementId, cancellationToken) is { } key)
        {
            var known = (await catalogs.GetAsync(key, cancellationToken)).EntityTypes.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            if (wanted.FirstOrDefault(t => !known.Contains(t)) is { } unknown)
            {
                throw new DomainRuleException("Entity.UnknownType", unknown, key);
            }
        }

        entity.CatalogTypes = wanted;
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Renames an entity from a day on (a government reshuffle): the old name is kept in its history until the day
    /// before, and everything linked to the entity stays linked.
    /// </summary>
    public async Task<NationalEntity> RenameAsync(
        Viewer viewer, string engagement, Guid entityId, string acronym, string nameEn, string nameFr, DateOnly effective, string? reason, Guid expectedStamp,
        CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        Concurrency(entity, expectedStamp);
        if (string.IsNullOrWhiteSpace(nameEn) || string.IsNullOrWhiteSpace(nameFr))
        {
            throw new DomainRuleException("Entity.NameRequired");
        }

        await CheckAcronymAsync(entity.EngagementId, acronym, entity.Id, cancellationToken);
        var current = entity.NameHistory.Single(n => n.ValidTo is null);
        if (effective <= current.ValidFrom)
        {
            throw new DomainRuleException("Entity.RenameDate", current.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        current.ValidTo = effective.AddDays(-1);
        entity.NameHistory.Add(new EntityNameRecord
        {
            EntityId = entity.Id, Acronym = acronym.Trim(), NameEn = nameEn.Trim(), NameFr = nameFr.Trim(), ValidFrom = effective, ChangedByUserId = viewer.UserId, Reason = reason?.Trim(),
        });
        entity.Acronym = acronym.Trim();
        entity.NameEn = nameEn.Trim();
        entity.NameFr = nameFr.Trim();
        await SaveAsync(cancellationToken);
        return entity;
    }

    /// <summary>Closes entities that merged into another one (existing or new) on a day; their links stay, and lead to the successor.</summary>
    public async Task MergeAsync(Viewer viewer, string engagement, IReadOnlyList<Guid> merged, Guid successorId, DateOnly effective, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(merged);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ManageSetup);
        var all = await db.NationalEntities.Include(e => e.NameHistory).Where(e => e.EngagementId == context.Id && (merged.Contains(e.Id) || e.Id == successorId)).ToListAsync(cancellationToken);
        var successor = all.SingleOrDefault(e => e.Id == successorId) ?? throw new NotFoundException("Entity.NotFound", successorId);
        if (merged.Contains(successorId) || merged.Count == 0 || all.Count != merged.Count + 1)
        {
            throw new DomainRuleException("Entity.MergeInvalid");
        }

        foreach (var entity in all.Where(e => e.Id != successorId))
        {
            if (entity.ValidTo is not null)
            {
                throw new DomainRuleException("Entity.AlreadyClosed", entity.NameEn);
            }

            entity.ValidTo = effective.AddDays(-1);
            entity.SuccessorId = successor.Id;
            foreach (var name in entity.NameHistory.Where(n => n.ValidTo is null))
            {
                name.ValidTo = effective.AddDays(-1);
            }
        }

        await SaveAsync(cancellationToken);
    }

    /// <summary>Deletes an entity nothing refers to; otherwise says what refers to it (deactivate it instead).</summary>
    public async Task DeleteAsync(Viewer viewer, string engagement, Guid entityId, CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        var references = await ReferencesAsync(entity, cancellationToken);
        if (references.Count > 0)
        {
            throw new DomainRuleException("Entity.InUse", entity.NameEn, string.Join("; ", references));
        }

        db.NationalEntities.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeactivateAsync(Viewer viewer, string engagement, Guid entityId, bool deactivated, CancellationToken cancellationToken = default)
    {
        var entity = await LoadAsync(viewer, engagement, entityId, EngagementAction.ManageSetup, cancellationToken);
        entity.IsDeactivated = deactivated;
        await SaveAsync(cancellationToken);
    }

    /// <summary>What points at an entity, in words of the caller's language.</summary>
    private async Task<List<string>> ReferencesAsync(NationalEntity entity, CancellationToken cancellationToken)
    {
        var references = new List<string>();
        var participants = await db.Participants.CountAsync(p => p.EntityId == entity.Id, cancellationToken);
        if (participants > 0)
        {
            references.Add(CoreMessages.Format("Entity.Ref.Participants", System.Globalization.CultureInfo.CurrentUICulture, participants));
        }

        if (await db.Engagements.AnyAsync(e => e.CoordinatingEntityId == entity.Id, cancellationToken))
        {
            references.Add(CoreMessages.Format("Entity.Ref.Coordinating", System.Globalization.CultureInfo.CurrentUICulture));
        }

        var children = await db.NationalEntities.CountAsync(e => e.ParentId == entity.Id || e.SuccessorId == entity.Id, cancellationToken);
        if (children > 0)
        {
            references.Add(CoreMessages.Format("Entity.Ref.Children", System.Globalization.CultureInfo.CurrentUICulture, children));
        }

        return references;
    }

    private async Task<NationalEntity> LoadAsync(Viewer viewer, string engagement, Guid entityId, EngagementAction action, CancellationToken cancellationToken)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(action);
        return await db.NationalEntities.Include(e => e.NameHistory).SingleOrDefaultAsync(e => e.Id == entityId && e.EngagementId == context.Id, cancellationToken)
            ?? throw new NotFoundException("Entity.NotFound", entityId);
    }

    private async Task CheckAsync(Guid engagementId, EntityInput input, Guid? self, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.NameEn) || string.IsNullOrWhiteSpace(input.NameFr))
        {
            throw new DomainRuleException("Entity.NameRequired");
        }

        if (input.ParentId is { } parent && (parent == self || !await db.NationalEntities.AnyAsync(e => e.Id == parent && e.EngagementId == engagementId, cancellationToken)))
        {
            throw new DomainRuleException("Entity.ParentInvalid");
        }

        await CheckAcronymAsync(engagementId, input.Acronym, self, cancellationToken);
    }

    /// <summary>
    /// An acronym names one current entity of the engagement (assignments, imports and files name entities by it): it
    /// is required, and refused when another entity that still exists has it (case ignored).
    /// </summary>
    private async Task CheckAcronymAsync(Guid engagementId, string? acronym, Guid? self, CancellationToken cancellationToken)
    {
        var wanted = acronym?.Trim() ?? "";
        if (wanted.Length == 0)
        {
            throw new DomainRuleException("Entity.AcronymRequired");
        }

        var taken = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == engagementId && e.ValidTo == null && e.Id != self)
            .Select(e => new { e.Acronym, e.NameEn, e.NameFr }).ToListAsync(cancellationToken);
        if (taken.FirstOrDefault(e => e.Acronym.Equals(wanted, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            throw new DomainRuleException("Entity.AcronymTaken", wanted, new Rempart.Core.Exports.BilingualName(other.NameEn, other.NameFr));
        }
    }

    private static void Concurrency(NationalEntity entity, Guid expected)
    {
        if (expected != Guid.Empty && entity.ConcurrencyStamp != expected)
        {
            throw new DbUpdateConcurrencyException(CoreMessages.Format("Engagement.Concurrency", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private Task<int> SaveAsync(CancellationToken cancellationToken) => db.SaveChangesAsync(cancellationToken);
}
