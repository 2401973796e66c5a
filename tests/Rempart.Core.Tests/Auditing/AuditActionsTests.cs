using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Auditing;
using Rempart.Core.Data;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Auditing;

/// <summary>An auditor reads what each record of the trail means in French or English, not a code.</summary>
public sealed partial class AuditActionsTests : IAsyncLifetime
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");
    private DemoWorld _world = default!;

    public async ValueTask InitializeAsync() => _world = await DemoWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void A_change_is_named_by_its_kind_of_record_and_what_happened_to_it_and_a_named_action_by_its_label()
    {
        AuditActions.Label("Answer.modified", French).Should().Be("Réponse : modification");
        AuditActions.Label("Answer.modified", English).Should().Be("Answer: changed");
        AuditActions.Label("SiteRiskAssessment.added", French).Should().Be("Évaluation du risque d'un site : ajout");
        AuditActions.Label("sites.import", French).Should().Be("Sites importés");
        AuditActions.Label("sites.import", English).Should().Be("Sites imported");
        AuditActions.Label("Retired.modified", English).Should().Be("Retired.modified", "a code without a label is shown as it is");
        AuditActions.Label("Answer.archived", English).Should().Be("Answer.archived");
    }

    [Fact]
    public async Task Every_kind_of_record_the_trail_keeps_has_a_label()
    {
        var recorded = await _world.With(s => Task.FromResult(s.GetRequiredService<AppDbContext>().Model.GetEntityTypes()
            .Where(t => !t.IsOwned() && !AuditInterceptor.Unrecorded.Contains(t.ClrType.Name))
            .Select(t => t.ClrType.Name.Split('`')[0]).Distinct().ToList()));
        recorded.Should().Contain(["Answer", "Site", "Recommendation", "RempartUser"]);
        foreach (var name in recorded)
        {
            foreach (var change in new[] { "added", "modified", "deleted" })
            {
                AuditActions.Label($"{name}.{change}", English).Should().NotBe($"{name}.{change}", $"{name} needs Audit.Entity.{name} in Messages.resx and Messages.fr.resx");
            }
        }
    }

    [Fact]
    public void Every_action_a_service_records_by_name_has_a_label()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(ResourceParityTests.SourceFile("src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in NamedAction().Matches(text))
            {
                codes.Add(m.Groups["code"].Value);
            }
        }

        codes.Should().Contain(["sites.import", "audit.export", "demo.load", "account.two-factor.enable"]);
        foreach (var code in codes)
        {
            AuditActions.Label(code, English).Should().NotBe(code, $"'{code}' needs Audit.Action.{code} in Messages.resx and Messages.fr.resx");
            AuditActions.Label(code, French).Should().NotBe(AuditActions.Label(code, English), $"'{code}' needs its French label");
        }
    }

    [Fact]
    public async Task Every_record_of_the_demo_s_trail_reads_as_words_in_both_languages()
    {
        var actions = await _world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var sealedOnes = await db.AuditEvents.AsNoTracking().Select(e => e.Action).Distinct().ToListAsync();
            var pending = await db.Set<AuditPending>().AsNoTracking().Select(e => e.Action).Distinct().ToListAsync();
            return sealedOnes.Concat(pending).Distinct().ToList();
        });
        actions.Should().NotBeEmpty();
        actions.Should().OnlyContain(a => AuditActions.Label(a, English) != a && AuditActions.Label(a, French) != a);
    }

    [GeneratedRegex(@"(?:RecordAsync\([^;]*?|Action = )""(?<code>[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)""", RegexOptions.Singleline)]
    private static partial Regex NamedAction();
}
