using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Monitoring;
using Rempart.Core.Roadmaps;

namespace Rempart.Tests.Support;

/// <summary>
/// What the export tests share: the CIV demo's plan adopted and followed (reports, activities, funding), the
/// official IATI 2.03 schema, and checks of OSCAL documents (UUIDs well formed, unique, and every reference resolving).
/// </summary>
public static partial class ExportSupport
{
    public const string Engagement = "CIV-2024";
    public const string LeadIatiRef = "XM-DAC-41CTED";
    public const string DonorIatiRef = "XM-DAC-4";

    /// <summary>The viewer of a demo account (<c>officer</c>, <c>donor</c>...).</summary>
    public static async Task<Viewer> ViewerAsync(IServiceProvider root, string who)
    {
        await using var scope = root.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<RempartUser>>();
        var user = await users.FindByEmailAsync(who.Contains('@', StringComparison.Ordinal) ? who : $"{who}@demo.rempart.example") ?? throw new InvalidOperationException(who);
        return new Viewer(user.Id, (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<T> With<T>(IServiceProvider root, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = root.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>
    /// Generates the CIV plan, submits, validates (coordinator) and adopts it; then <paramref name="afterAdoption"/>
    /// (a test clock moves on); one progress report; three activities: R1's workshop (TLP:GREEN, funded by France,
    /// completed), a training at TLP:AMBER (funded) and an expert mission nobody funds yet.
    /// </summary>
    public static async Task<RoadmapView> AdoptAndFollowAsync(IServiceProvider root, Action? afterAdoption = null, bool leadIatiRef = true)
    {
        var officer = await ViewerAsync(root, "officer");
        var coordinator = await ViewerAsync(root, "coordinator");
        var plan = await With(root, s => s.GetRequiredService<RoadmapService>().GenerateAsync(officer, Engagement));
        plan = await With(root, s => s.GetRequiredService<RoadmapService>().TransitionAsync(officer, Engagement, RoadmapState.Submitted, null, plan.ConcurrencyStamp));
        plan = await With(root, s => s.GetRequiredService<RoadmapService>().TransitionAsync(coordinator, Engagement, RoadmapState.Validated, null, plan.ConcurrencyStamp));
        plan = await With(root, s => s.GetRequiredService<RoadmapService>().TransitionAsync(officer, Engagement, RoadmapState.Adopted, null, plan.ConcurrencyStamp));
        afterAdoption?.Invoke();
        var today = await With(root, s => Task.FromResult(s.GetRequiredService<MonitoringService>().Today));
        var first = plan.Recommendations[0].Recommendation.Number;
        var second = plan.Recommendations[1].Recommendation.Number;
        await With(root, s => s.GetRequiredService<MonitoringService>().ReportAsync(officer, Engagement, first,
            new ProgressInput(today, ImplementationStatus.InProgress, 30, "Draft decree sent to the Council of Ministers.", "Decree draft 2025-014"), Guid.Empty));

        await With(root, async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var engagement = await db.Engagements.SingleAsync(e => e.Code == Engagement);
            var organisations = await db.EngagementOrganisations.Where(o => o.EngagementId == engagement.Id).ToListAsync();
            organisations.Single(o => o.Code == "cted").IatiRef = leadIatiRef ? LeadIatiRef : null;
            organisations.Single(o => o.Code == "france").IatiRef = DonorIatiRef;
            return await db.SaveChangesAsync();
        });

        var assistance = (Func<IServiceProvider, AssistanceService>)(s => s.GetRequiredService<AssistanceService>());
        var workshop = await With(root, s => assistance(s).CreateAsync(officer, Engagement, new ActivityInput(
            AssistanceKind.Workshop, ActivityStatus.Completed, "National workshop on critical infrastructure law", "Atelier national sur le droit des infrastructures critiques",
            "Two days with the drafting committee.", "Deux jours avec le comité de rédaction.", today.AddDays(-20), today.AddDays(-19), today.AddDays(-20), today.AddDays(-19),
            "Abidjan", ["unoct"], [first], [new ParticipantInput("MAE", 4, 6), new ParticipantInput("Civil society, \"Abidjan\" chapter", 2, 1)], "TLP:GREEN")));
        await With(root, s => assistance(s).AddFundingAsync(officer, Engagement, workshop.Activity.Number, new FundingInput("france", FundingKind.Commitment, 45_000m, "EUR", today.AddDays(-40), "Grant agreement")));
        await With(root, s => assistance(s).AddFundingAsync(officer, Engagement, workshop.Activity.Number, new FundingInput("france", FundingKind.Disbursement, 30_000.5m, "EUR", today.AddDays(-10), null)));
        var training = await With(root, s => assistance(s).CreateAsync(officer, Engagement, new ActivityInput(
            AssistanceKind.Training, ActivityStatus.Ongoing, "Restricted training of site security officers", "Formation restreinte des responsables de la sûreté des sites",
            null, null, today.AddDays(-5), today.AddDays(30), today.AddDays(-5), null, "Yamoussoukro", [], [second], [], "TLP:AMBER")));
        await With(root, s => assistance(s).AddFundingAsync(officer, Engagement, training.Activity.Number, new FundingInput("france", FundingKind.Commitment, 12_000m, "EUR", today.AddDays(-6), null)));
        await With(root, s => assistance(s).CreateAsync(officer, Engagement, new ActivityInput(
            AssistanceKind.ExpertMission, ActivityStatus.Planned, "Unfunded expert mission on soft targets", "Mission d'expertise non financée sur les cibles vulnérables",
            null, null, today.AddDays(60), today.AddDays(65), null, null, "Abidjan", [], [], [], "TLP:GREEN")));
        return await With(root, s => s.GetRequiredService<RoadmapService>().GetAsync(officer, Engagement));
    }

    /// <summary>The folder of the official IATI 2.03 schema: <c>&lt;repo root&gt;/../shared/schemas/iati-2.03</c>.</summary>
    public static string IatiSchemaFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Rempart.slnx")))
        {
            directory = directory.Parent;
        }

        if (directory?.Parent is null)
        {
            throw new InvalidOperationException($"Rempart.slnx not found above {AppContext.BaseDirectory}: cannot locate the IATI schema.");
        }

        var folder = Path.Combine(directory.Parent.FullName, "shared", "schemas", "iati-2.03");
        if (!File.Exists(Path.Combine(folder, "iati-activities-schema.xsd")))
        {
            throw new InvalidOperationException(
                $"The official IATI 2.03 schema is missing: expected iati-activities-schema.xsd, iati-common.xsd and xml.xsd in {folder} (a 'shared' folder beside the repository).");
        }

        return folder;
    }

    /// <summary>Every error and warning of the IATI file against the official schema (empty: valid).</summary>
    public static IReadOnlyList<string> ValidateIati(byte[] xml)
    {
        var folder = IatiSchemaFolder();
        var schemas = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        using (var reader = XmlReader.Create(Path.Combine(folder, "xml.xsd"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }))
        {
            schemas.Add("http://www.w3.org/XML/1998/namespace", reader);
        }

        schemas.Add(null, Path.Combine(folder, "iati-common.xsd"));
        schemas.Add(null, Path.Combine(folder, "iati-activities-schema.xsd"));
        schemas.Compile();
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} {e.Exception?.LineNumber}:{e.Exception?.LinePosition} {e.Message}");
        using var stream = new MemoryStream(xml);
        using (var validating = XmlReader.Create(stream, settings))
        {
            while (validating.Read())
            {
            }
        }

        return problems;
    }

    public static XDocument Xml(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return XDocument.Load(stream);
    }

    /// <summary>Every value of a property with this name anywhere in the document.</summary>
    public static IEnumerable<JsonNode> All(JsonNode? node, string name)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == name && value is not null)
                    {
                        yield return value;
                    }

                    foreach (var inner in All(value, name))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var inner in All(item, name))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    public static bool IsUuid(string? text) => text is not null && UuidPattern().IsMatch(text);

    /// <summary>The uuids of the objects of one array property (observations, risks, parties...) anywhere in the document.</summary>
    public static HashSet<string> UuidsOf(JsonNode document, string collection) =>
        [.. All(document, collection).OfType<JsonArray>().SelectMany(a => a).Select(n => (string?)n?["uuid"]).OfType<string>()];

    /// <summary>
    /// Every problem with the document's UUIDs: malformed, duplicated, or a reference (related observation, finding,
    /// risk, responsible party, actor, back-matter link) that does not resolve inside the document.
    /// </summary>
    public static IReadOnlyList<string> UuidProblems(JsonNode document)
    {
        var problems = new List<string>();
        var uuids = All(document, "uuid").Select(n => n.GetValue<string>()).ToList();
        problems.AddRange(uuids.Where(u => !IsUuid(u)).Select(u => $"malformed {u}"));
        problems.AddRange(uuids.GroupBy(u => u).Where(g => g.Count() > 1).Select(g => $"duplicate {g.Key}"));
        var observations = UuidsOf(document, "observations");
        var findings = UuidsOf(document, "findings");
        var risks = UuidsOf(document, "risks");
        var parties = UuidsOf(document, "parties");
        var resources = UuidsOf(document, "resources");
        void Check(string property, HashSet<string> targets) =>
            problems.AddRange(All(document, property).SelectMany(n => n is JsonArray a ? a.Select(x => x!.GetValue<string>()) : [n.GetValue<string>()])
                .Where(u => !targets.Contains(u)).Select(u => $"{property} {u} does not resolve"));
        Check("observation-uuid", observations);
        Check("finding-uuid", findings);
        Check("risk-uuid", risks);
        Check("party-uuids", parties);
        Check("actor-uuid", parties);
        problems.AddRange(All(document, "href").Select(h => h.GetValue<string>()).Where(h => h.StartsWith('#') && !resources.Contains(h[1..])).Select(h => $"href {h} does not resolve"));
        return problems;
    }

    /// <summary>The required fields of <paramref name="node"/> that are missing or empty.</summary>
    public static IEnumerable<string> Missing(JsonNode? node, string where, params string[] fields) =>
        fields.Where(f => node?[f] is null || (node[f] is JsonValue v && v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s)) || (node[f] is JsonArray a && a.Count == 0))
            .Select(f => $"{where}: {f}");

    [GeneratedRegex("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$")]
    private static partial Regex UuidPattern();
}
