using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Targets;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rempart.Core.Data;

/// <summary>
/// The demo inventory of sites (demo/sites-{engagement}.csv, imported through the same importer as any file) and
/// its illustrative risk assessments and clearances (demo/site-risk-{engagement}.yaml).
/// </summary>
internal static class DemoSites
{
    public static async Task LoadAsync(AppDbContext db, Catalog.CatalogService catalogs, string csvPath, IReadOnlyDictionary<string, RempartUser> byEmail, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(csvPath)["sites-".Length..].ToUpperInvariant();
        var engagement = await db.Engagements.SingleOrDefaultAsync(e => e.Code == name, cancellationToken)
            ?? throw new DomainRuleException("Demo.FileInvalid", csvPath, 0, 0, $"no engagement {name}");
        var key = await catalogs.PinnedKeyAsync(engagement.Id, cancellationToken) ?? throw new DomainRuleException("Demo.FileInvalid", csvPath, 0, 0, $"{name} pins no catalog");
        var catalog = await catalogs.GetAsync(key, cancellationToken);
        var entities = await db.NationalEntities.Where(n => n.EngagementId == engagement.Id).ToDictionaryAsync(n => n.Acronym, n => n.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var reference = TargetsReference.Default;
        await using (var stream = System.IO.File.OpenRead(csvPath))
        {
            await new SiteImporter(db, time).ImportAsync(engagement.Id, new SiteRules(catalog, reference, entities), stream, Path.GetFileName(csvPath), null, cancellationToken);
        }

        var dependenciesPath = Path.Combine(Path.GetDirectoryName(csvPath)!, "dependencies-" + Path.GetFileName(csvPath)["sites-".Length..]);
        if (System.IO.File.Exists(dependenciesPath))
        {
            await Interdependencies.DependencyService.ReplaceAsync(db, engagement.Id, name, await System.IO.File.ReadAllBytesAsync(dependenciesPath, cancellationToken), Path.GetFileName(dependenciesPath), time.GetUtcNow(), cancellationToken);
        }

        var riskPath = Path.Combine(Path.GetDirectoryName(csvPath)!, "site-risk-" + Path.GetFileName(csvPath)["sites-".Length..].Replace(".csv", ".yaml", StringComparison.Ordinal));
        if (!System.IO.File.Exists(riskPath))
        {
            return;
        }

        RiskFile file;
        try
        {
            using var reader = new StreamReader(riskPath, System.Text.Encoding.UTF8);
            file = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build().Deserialize<RiskFile>(reader) ?? new RiskFile();
        }
        catch (YamlException e)
        {
            throw new DomainRuleException("Demo.FileInvalid", riskPath, e.Start.Line, e.Start.Column, (e.InnerException ?? e).Message);
        }

        var sites = await db.Sites.Where(s => s.EngagementId == engagement.Id).ToDictionaryAsync(s => s.Code, StringComparer.Ordinal, cancellationToken);
        var officer = byEmail.Values.FirstOrDefault(u => u.Email!.StartsWith("officer@", StringComparison.Ordinal));
        foreach (var a in file.Assessments)
        {
            var site = sites.GetValueOrDefault(a.Site ?? "") ?? throw new DomainRuleException("Demo.FileInvalid", riskPath, 0, 0, $"no site {a.Site}");
            var method = a.Method == "carver" ? RiskMethod.Carver : RiskMethod.Scenario;
            var scenarios = a.Scenarios.Select(s => new ScenarioInput(s.Scenario ?? "", s.Threat, s.Vulnerability, s.Lives, s.PeopleWithoutService, s.OutageHours, s.Economic)).ToList();
            var result = method == RiskMethod.Carver ? RiskMethods.Carver(a.Scores, reference) : RiskMethods.Scenario(scenarios, reference);
            db.SiteRiskAssessments.Add(new SiteRiskAssessment
            {
                SiteId = site.Id, Method = method, AssessedOn = a.Date, Factors = method == RiskMethod.Carver ? new Dictionary<string, int>(a.Scores) : [], Scenarios = method == RiskMethod.Scenario ? scenarios : [],
                RationaleFr = a.Rationale?.GetValueOrDefault("fr") ?? "", RationaleEn = a.Rationale?.GetValueOrDefault("en") ?? "",
                RiskIndex = result.Index, FullRisk = result.FullRisk, Consequence = result.Consequence, Likelihood = result.Likelihood, Band = result.Band.Id,
                CreatedAt = time.GetUtcNow(), CreatedBy = officer?.Id,
            });
            if (site.AssessedOn is null || a.Date >= site.AssessedOn)
            {
                (site.RiskIndex, site.RiskBand, site.RiskMethod, site.AssessedOn) = (result.Index, result.Band.Id, method, a.Date);
            }
        }

        foreach (var (email, label) in file.Clearances)
        {
            var user = byEmail.GetValueOrDefault(email) ?? throw new DomainRuleException("Demo.FileInvalid", riskPath, 0, 0, $"no user {email}");
            var member = await db.EngagementMembers.SingleOrDefaultAsync(m => m.EngagementId == engagement.Id && m.UserId == user.Id, cancellationToken)
                ?? throw new DomainRuleException("Demo.FileInvalid", riskPath, 0, 0, $"{email} is not a member of {name}");
            member.SiteClearance = Tlp.Parse(label) ?? throw new DomainRuleException("Demo.FileInvalid", riskPath, 0, 0, $"{label} is not a TLP label");
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private sealed class RiskFile
    {
        public Dictionary<string, string> Clearances { get; set; } = [];

        public List<AssessmentDto> Assessments { get; set; } = [];
    }

    private sealed class AssessmentDto
    {
        public string? Site { get; set; }

        public string? Method { get; set; }

        public DateOnly Date { get; set; }

        public Dictionary<string, int> Scores { get; set; } = [];

        public List<ScenarioDto> Scenarios { get; set; } = [];

        public Dictionary<string, string>? Rationale { get; set; }
    }

    private sealed class ScenarioDto
    {
        public string? Scenario { get; set; }

        public double Threat { get; set; }

        public double Vulnerability { get; set; }

        public double Lives { get; set; }

        public double PeopleWithoutService { get; set; }

        public double OutageHours { get; set; }

        public double Economic { get; set; }
    }
}
