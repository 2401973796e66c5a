using Rempart.Core.Catalog;

namespace Rempart.Core.Tests.Catalog;

/// <summary>The catalog in catalog/ is what programme officers rely on: it must load clean and be complete.</summary>
public sealed class ShippedCatalogTests
{
    internal static string Folder => ResourceParityTests.SourceFile("catalog");

    private static readonly Lazy<CatalogLoadResult> Loaded = new(() => CatalogLoader.Load(Folder));

    private static CatalogDefinition Base => Loaded.Value.Base!;

    [Fact]
    public void ShippedCatalog_LoadsWithoutErrors()
    {
        Loaded.Value.Errors.Should().BeEmpty();
        Loaded.Value.IsValid.Should().BeTrue();
        Base.Key.Should().Be("rempart-base@2026.2");
    }

    [Fact]
    public void ShippedCatalog_CoversTheFourInstrumentsAndEnoughQuestions()
    {
        Base.Instruments.Select(i => i.Id).Should().Contain(["res-2341", "res-2396", "madrid-addendum-2018", "gcts"]);
        Base.Questions.Should().HaveCountGreaterThanOrEqualTo(80);
        Base.Frameworks.Select(f => f.Id).Should().Equal("legislative", "regulatory", "institutional", "operational");
        Base.Themes.Should().HaveCount(10);
        foreach (var framework in Base.Frameworks)
        {
            Base.Questions.Count(q => q.Framework == framework.Id).Should().BeGreaterThanOrEqualTo(12, framework.Id);
        }

        foreach (var theme in Base.Themes)
        {
            Base.Questions.Count(q => q.Theme == theme.Id).Should().BeGreaterThanOrEqualTo(2, theme.Id);
        }

        Base.Sectors.Count(s => s.Source == "eu-cer-2022-2557").Should().Be(11);
    }

    [Fact]
    public void EveryProvision_IsTestedByAQuestion_AndEveryQuestionTracesToAProvision()
    {
        var tested = Base.Questions.SelectMany(q => q.Provisions).ToHashSet();
        Base.Provisions.Should().OnlyContain(p => tested.Contains(p.Id));
        var provisions = Base.Provisions.Select(p => p.Id).ToHashSet();
        Base.Questions.Should().OnlyContain(q => q.Provisions.Count > 0 && q.Provisions.All(provisions.Contains));
    }

    [Fact]
    public void EveryText_IsInFrenchAndEnglish()
    {
        var texts = Base.Questions.SelectMany(q => new[] { q.Text, q.Guidance, q.Evidence }.Concat(q.Levels.Select(l => l.Descriptor)))
            .Concat(Base.Provisions.Select(p => p.Paraphrase))
            .Concat(Base.Templates.SelectMany(t => new[] { t.Title, t.Action }))
            .Concat(Base.Instruments.Select(i => i.Title));
        texts.Should().OnlyContain(t => t.En.Length > 0 && t.Fr.Length > 0 && t.En != t.Fr);
    }

    [Fact]
    public void EveryCitation_ReadsInTheDocumentsLanguage()
    {
        // A French roadmap cites "par. 5 du dispositif", not the English "OP 5"; a document symbol reads the same.
        foreach (var instrument in Base.Instruments)
        {
            foreach (var provision in instrument.Provisions)
            {
                var (en, fr) = (instrument.Cite(provision, "en"), instrument.Cite(provision, "fr"));
                fr.Should().NotContainAny(["OP ", "Preamble", "Guiding Principle", "chapter", "review", "Pillar"], provision.Id);
                if (!provision.Ref.StartsWith("Module ", StringComparison.Ordinal))
                {
                    fr.Should().NotBe(en, provision.Id);
                }
            }
        }

        Base.Cite("res-2341-op05", "fr").Should().Be("S/RES/2341 (2017), Par. 5 du dispositif");
        Base.Cite("madrid-gp50", "en").Should().Be("S/2018/1177, Guiding Principle 50");
        Base.Cite("no-such-provision", "fr").Should().Be("no-such-provision");
    }

    [Fact]
    public void EveryQuestion_HasFiveLevelsAndTemplatesForBothBands()
    {
        foreach (var q in Base.Questions)
        {
            q.Levels.Select(l => l.Level).Should().Equal([0, 1, 2, 3, 4], q.Id);
            Base.Templates.Where(t => t.Question == q.Id).Select(t => t.Band).Distinct().Should().BeEquivalentTo(["0-1", "2-3"], q.Id);
        }
    }

    [Fact]
    public void UnverifiedParagraphs_AreMarkedWithANote()
    {
        var toVerify = Base.Provisions.Where(p => p.Verification == Verification.ToVerify).ToList();
        toVerify.Should().NotBeEmpty("several paragraph numbers are still unverified in the reference");
        toVerify.Should().OnlyContain(p => p.VerificationNote != null);
        Base.Provisions.Single(p => p.Id == "res-2341-op03").Verification.Should().Be(Verification.Confirmed);
    }

    [Fact]
    public void IvorianOverlay_ExtendsTheBaseWithoutEditingIt()
    {
        var civ = Loaded.Value.Overlays.Single(o => o.Id == "civ");
        civ.BaseKey.Should().Be(Base.Key);
        civ.Country.Should().Be("CIV");
        civ.Questions.Should().HaveCount(Base.Questions.Count + 3);
        civ.Questions.Where(q => q.Origin == "civ").Should().HaveCount(3);
        var reweighted = civ.Questions.Where(q => q.WeightReason is not null).ToList();
        reweighted.Should().HaveCount(2);
        foreach (var q in reweighted)
        {
            Base.Questions.Single(b => b.Id == q.Id).WeightReason.Should().BeNull();
        }
    }
}
