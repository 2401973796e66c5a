using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Rempart.Core.Access;
using Rempart.Core.Engagements;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rempart.Core.Data;

/// <summary>A demo account as the console announces it.</summary>
public sealed record DemoAccount(string Email, string Role, string? AuthenticatorKey = null);

/// <summary>What the demo workspace holds: its accounts (with their shared password) and engagements.</summary>
public sealed record DemoWorkspaceSummary(string Password, IReadOnlyList<DemoAccount> Accounts, IReadOnlyList<string> Engagements);

/// <summary>
/// Loads <c>demo/workspace.yaml</c> (fictional people, illustrative data) into an empty workspace, once: a
/// <see cref="WorkspaceSetting"/> records that it was loaded, so restarts and a second instance do nothing.
/// </summary>
public sealed class DemoWorkspace(AppDbContext db, UserManager<RempartUser> users, Catalog.CatalogService catalogs, TimeProvider time, ILogger<DemoWorkspace> logger)
{
    public const string LoadedKey = "demo-workspace-loaded";

    /// <summary>Reads and checks the file without touching the database.</summary>
    public static DemoWorkspaceSummary Read(string path)
    {
        var file = Parse(path);
        return new DemoWorkspaceSummary(file.Password, [.. file.Users.Select(u => new DemoAccount(u.Email, u.Role, u.AuthenticatorKey))], [.. file.Engagements.Select(e => e.Code)]);
    }

    /// <summary>Loads the file unless a demo workspace was loaded before; true when it loaded now.</summary>
    public async Task<bool> LoadOnceAsync(string path, CancellationToken cancellationToken = default)
    {
        if (await db.WorkspaceSettings.AnyAsync(s => s.Key == LoadedKey, cancellationToken))
        {
            return false;
        }

        var file = Parse(path);
        var now = time.GetUtcNow();
        // One audit event for the whole load rather than one per record.
        using var quiet = Auditing.AuditActor.Suppress();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The marker goes first: a second instance starting at the same moment fails on its primary key and rolls back.
        db.WorkspaceSettings.Add(new WorkspaceSetting { Key = LoadedKey, Value = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture), UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);

        var byEmail = new Dictionary<string, RempartUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in file.Users)
        {
            var user = await users.FindByEmailAsync(u.Email);
            if (user is null)
            {
                user = new RempartUser
                {
                    UserName = u.Email,
                    Email = u.Email,
                    EmailConfirmed = true,
                    DisplayName = u.Name,
                    PreferredLanguage = u.Language,
                    CreatedAt = now,
                };
                Check(await users.CreateAsync(user, file.Password), path);
                Check(await users.AddToRoleAsync(user, RoleNames.Canonical(u.Role)!), path);
                if (!string.IsNullOrWhiteSpace(u.AuthenticatorKey))
                {
                    // Published demo secrets only: a real account sets up its own on first sign-in.
                    Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", u.AuthenticatorKey.Trim().ToUpperInvariant()), path);
                    Check(await users.SetTwoFactorEnabledAsync(user, true), path);
                }
            }

            byEmail[u.Email] = user;
        }

        foreach (var e in file.Engagements)
        {
            if (await db.Engagements.AnyAsync(x => x.Code == e.Code, cancellationToken))
            {
                continue;
            }

            var engagement = new Engagement
            {
                Code = e.Code,
                CountryCode = e.Country,
                TitleEn = e.Title.En,
                TitleFr = e.Title.Fr,
                PeriodStart = e.Period.Start,
                PeriodEnd = e.Period.End,
                CreatedAt = now,
                CatalogVersionId = e.Catalog is null ? null
                    : (await db.CatalogVersions.Where(v => v.Key == e.Catalog).Select(v => (Guid?)v.Id).SingleOrDefaultAsync(cancellationToken)
                        ?? throw new DomainRuleException("Demo.FileInvalid", path, 0, 0, $"engagement {e.Code}: catalog version {e.Catalog} is not imported")),
            };
            var entities = LoadSetup(e, engagement, byEmail, path);
            foreach (var m in e.Members)
            {
                engagement.Members.Add(new EngagementMember
                {
                    UserId = byEmail[m.User].Id, Role = RoleNames.Canonical(m.Role)!, AddedAt = now,
                    EntityId = m.Entity is null ? null : entities.GetValueOrDefault(m.Entity)?.Id
                        ?? throw new DomainRuleException("Demo.FileInvalid", path, 0, 0, $"engagement {e.Code}: member {m.User}: no entity {m.Entity}"),
                });
            }

            db.Engagements.Add(engagement);
            await db.SaveChangesAsync(cancellationToken);
            if (e.CoordinatingEntity is { } coordinating)
            {
                engagement.CoordinatingEntityId = (await db.NationalEntities.SingleAsync(n => n.EngagementId == engagement.Id && n.Acronym == coordinating, cancellationToken)).Id;
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // Consultation days and findings, one file per engagement that has them.
        var author = byEmail.Values.FirstOrDefault(u => u.Email!.StartsWith("officer@", StringComparison.Ordinal)) ?? byEmail.Values.First();
        foreach (var consultations in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "consultations-*.yaml").Order(StringComparer.Ordinal))
        {
            await DemoConsultations.LoadAsync(db, consultations, author.Id, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Questionnaires, answers and consolidated answers, after the findings they may cite.
        foreach (var answers in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "answers-*.yaml").Order(StringComparer.Ordinal))
        {
            await DemoQuestionnaires.LoadAsync(db, catalogs, answers, byEmail, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Adopted plans with their follow-up and technical assistance.
        foreach (var monitoring in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "monitoring-*.yaml").Order(StringComparer.Ordinal))
        {
            await DemoMonitoring.LoadAsync(db, catalogs, monitoring, byEmail, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);

        // Inventories of sites with their risk (illustrative).
        foreach (var sites in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, "sites-*.csv").Order(StringComparer.Ordinal))
        {
            await DemoSites.LoadAsync(db, catalogs, sites, byEmail, time, cancellationToken);
        }
        db.AuditPending.Add(new Auditing.AuditPending
        {
            At = now, Action = "demo.load", Subject = Path.GetFileName(path),
            Details = System.Text.Json.JsonSerializer.Serialize(new { users = file.Users.Count, engagements = file.Engagements.Select(e => e.Code).ToList() }),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Demo workspace loaded from {Path}: {Users} accounts, {Engagements} engagements", path, file.Users.Count, file.Engagements.Count);
        return true;
    }

    /// <summary>Programme, organisations, stage history, entities and participants of one demo engagement.</summary>
    private Dictionary<string, NationalEntity> LoadSetup(DemoEngagement e, Engagement engagement, Dictionary<string, RempartUser> byEmail, string path)
    {
        engagement.ProgrammeEn = e.Programme.En;
        engagement.ProgrammeFr = e.Programme.Fr;
        engagement.Stage = e.Stage;
        var from = EngagementStage.Scoping;
        foreach (var move in e.StageHistory)
        {
            engagement.Transitions.Add(new StageTransition
            {
                EngagementId = engagement.Id, From = from, To = move.To, ByUserId = byEmail[move.By].Id,
                At = new DateTimeOffset(move.On.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero),
            });
            from = move.To;
        }

        foreach (var o in e.Organisations)
        {
            engagement.Organisations.Add(new EngagementOrganisation { EngagementId = engagement.Id, Role = o.Role, Code = o.Code, NameEn = o.Name.En, NameFr = o.Name.Fr, IatiRef = o.IatiRef });
        }

        var entities = new Dictionary<string, NationalEntity>(StringComparer.Ordinal);
        foreach (var x in e.Entities)
        {
            var entity = new NationalEntity
            {
                EngagementId = engagement.Id, Kind = x.Kind, Acronym = x.Acronym, NameEn = x.Name.En, NameFr = x.Name.Fr,
                MandateEn = x.Mandate.En, MandateFr = x.Mandate.Fr, Sectors = x.Sectors, CatalogTypes = x.Types, ValidFrom = x.ValidFrom,
                ParentId = x.Parent is null ? null : entities.GetValueOrDefault(x.Parent)?.Id
                    ?? throw new DomainRuleException("Demo.FileInvalid", path, 0, 0, $"entity {x.Acronym}: parent {x.Parent} must be listed before it"),
            };
            entity.NameHistory.Add(new EntityNameRecord { EntityId = entity.Id, Acronym = x.Acronym, NameEn = x.Name.En, NameFr = x.Name.Fr, ValidFrom = x.ValidFrom, ChangedByUserId = byEmail.Values.First().Id });
            entities[x.Acronym] = entity;
            db.NationalEntities.Add(entity);
        }

        foreach (var p in e.Participants)
        {
            db.Participants.Add(new Participant
            {
                EngagementId = engagement.Id,
                EntityId = entities.TryGetValue(p.Entity, out var entity) ? entity.Id : throw new DomainRuleException("Demo.FileInvalid", path, 0, 0, $"participant {p.Name}: no entity {p.Entity}"),
                FullName = p.Name, Title = p.Title, Gender = p.Gender, Email = p.Email, Phone = p.Phone, PreferredLanguage = p.Language,
            });
        }

        return entities;
    }

    private static void Check(IdentityResult result, string path)
    {
        if (!result.Succeeded)
        {
            throw new DomainRuleException("Demo.FileInvalid", path, 0, 0, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static DemoFile Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new DomainRuleException("Demo.FileMissing", path);
        }

        var deserializer = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build();
        DemoFile file;
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
            file = deserializer.Deserialize<DemoFile>(reader) ?? new DemoFile();
        }
        catch (YamlException e)
        {
            throw new DomainRuleException("Demo.FileInvalid", path, e.Start.Line, e.Start.Column, (e.InnerException ?? e).Message);
        }

        var emails = file.Users.Select(u => u.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(file.Password))
        {
            problems.Add("password is missing");
        }

        foreach (var u in file.Users)
        {
            if (RoleNames.Canonical(u.Role) is null)
            {
                problems.Add($"user {u.Email}: unknown role '{u.Role}'");
            }
        }

        foreach (var e in file.Engagements)
        {
            if (!Engagement.IsValidCode(e.Code) || !Engagement.IsValidCountry(e.Country))
            {
                problems.Add($"engagement {e.Code}: code or country is not valid");
            }

            problems.AddRange(e.Members.Where(m => !emails.Contains(m.User)).Select(m => $"engagement {e.Code}: member {m.User} is not among the users"));
            problems.AddRange(e.Members.Where(m => RoleNames.Canonical(m.Role) is null).Select(m => $"engagement {e.Code}: unknown role '{m.Role}'"));
        }

        if (problems.Count > 0)
        {
            throw new DomainRuleException("Demo.FileInvalid", path, 0, 0, string.Join("; ", problems));
        }

        return file;
    }

    private sealed class DemoFile
    {
        public string Password { get; set; } = "";

        public List<DemoUser> Users { get; set; } = [];

        public List<DemoEngagement> Engagements { get; set; } = [];
    }

    private sealed class DemoUser
    {
        public string Email { get; set; } = "";

        public string Name { get; set; } = "";

        public string Role { get; set; } = "";

        public string Language { get; set; } = "en";

        /// <summary>A published authenticator secret (base32) for the accounts that must sign in with a second factor.</summary>
        public string? AuthenticatorKey { get; set; }
    }

    private sealed class DemoEngagement
    {
        public string Code { get; set; } = "";

        public string Country { get; set; } = "";

        public DemoText Title { get; set; } = new();

        public DemoPeriod Period { get; set; } = new();

        /// <summary>The catalog version the engagement pins (<c>id@version</c>), imported before the demo loads.</summary>
        public string? Catalog { get; set; }

        public List<DemoMember> Members { get; set; } = [];

        public DemoText Programme { get; set; } = new();

        public EngagementStage Stage { get; set; }

        public List<DemoStageMove> StageHistory { get; set; } = [];

        public string? CoordinatingEntity { get; set; }

        public List<DemoOrganisation> Organisations { get; set; } = [];

        public List<DemoEntity> Entities { get; set; } = [];

        public List<DemoParticipant> Participants { get; set; } = [];
    }

    private sealed class DemoStageMove
    {
        public EngagementStage To { get; set; }

        public DateOnly On { get; set; }

        public string By { get; set; } = "";
    }

    private sealed class DemoOrganisation
    {
        public OrganisationRole Role { get; set; }

        public string Code { get; set; } = "";

        public DemoText Name { get; set; } = new();

        public string? IatiRef { get; set; }
    }

    private sealed class DemoEntity
    {
        public string Acronym { get; set; } = "";

        public EntityKind Kind { get; set; }

        public DemoText Name { get; set; } = new();

        public DemoText Mandate { get; set; } = new();

        public List<string> Sectors { get; set; } = [];

        /// <summary>Catalog entity types (ministry-energy, regulator...): questions are suggested from them.</summary>
        public List<string> Types { get; set; } = [];

        public DateOnly ValidFrom { get; set; }

        public string? Parent { get; set; }
    }

    private sealed class DemoParticipant
    {
        public string Name { get; set; } = "";

        public string Title { get; set; } = "";

        public string Entity { get; set; } = "";

        public Gender Gender { get; set; }

        public string Email { get; set; } = "";

        public string Phone { get; set; } = "";

        public string Language { get; set; } = "fr";
    }

    private sealed class DemoText
    {
        public string En { get; set; } = "";

        public string Fr { get; set; } = "";
    }

    private sealed class DemoPeriod
    {
        public DateOnly Start { get; set; }

        public DateOnly? End { get; set; }
    }

    private sealed class DemoMember
    {
        public string User { get; set; } = "";

        public string Role { get; set; } = "";

        /// <summary>For an entity respondent: the acronym of the entity they answer for.</summary>
        public string? Entity { get; set; }
    }
}
