using Rempart.Core.Catalog;

namespace Rempart.Core.Tests.Catalog;

public sealed class CatalogAnalysisTests
{
    private static readonly Lazy<CatalogLoadResult> Loaded = new(() => CatalogLoader.Load(ShippedCatalogTests.Folder));

    private static CatalogDefinition Base => Loaded.Value.Base!;

    private static CatalogDefinition Civ => Loaded.Value.Overlays.Single();

    [Theory]
    [InlineData("Sécurité", "securite")]
    [InlineData("ÉNERGIE", "energie")]
    [InlineData("Côte d'Ivoire", "cote d'ivoire")]
    [InlineData("cœur", "coeur")]
    public void Fold_IgnoresCaseAndAccents(string text, string folded) => CatalogAnalysis.Fold(text).Should().Be(folded);

    [Fact]
    public void Search_WithoutAccents_FindsAccentedFrenchText()
    {
        var plain = CatalogAnalysis.Search(Base, "securite");
        var accented = CatalogAnalysis.Search(Base, "SÉCURITÉ");
        plain.Should().NotBeEmpty();
        accented.Select(h => h.Id).Should().Equal(plain.Select(h => h.Id));
        plain.Should().Contain(h => h.Text.Fr.Contains("sécurité", StringComparison.Ordinal));
    }

    [Fact]
    public void Search_MatchesEveryWordInEitherLanguage()
    {
        var hits = CatalogAnalysis.Search(Base, "drone");
        hits.Should().Contain(h => h.Kind == "question");
        CatalogAnalysis.Search(Base, "drone zzzunknownzzz").Should().BeEmpty();
        CatalogAnalysis.Search(Base, "   ").Should().BeEmpty();
    }

    [Fact]
    public void Questions_FilterByInstrumentFrameworkThemeAndSector()
    {
        var by2396 = CatalogAnalysis.Questions(Base, instrument: "res-2396");
        by2396.Should().NotBeEmpty().And.OnlyContain(q => q.Provisions.Any(p => p.StartsWith("res-2396", StringComparison.Ordinal)));
        CatalogAnalysis.Questions(Base, framework: "legislative", theme: "criminalisation").Should().OnlyContain(q => q.Framework == "legislative" && q.Theme == "criminalisation").And.NotBeEmpty();
        var energy = CatalogAnalysis.Questions(Base, sector: "energy");
        energy.Should().OnlyContain(q => q.Sectors.Count == 0 || q.Sectors.Any(s => s.StartsWith("energy", StringComparison.Ordinal)));
    }

    [Fact]
    public void Matrix_HasARowPerProvisionAndNoGapInTheShippedCatalog()
    {
        var matrix = CatalogAnalysis.Matrix(Base);
        matrix.Rows.Should().HaveCount(Base.ProvisionCount);
        matrix.ProvisionsWithoutQuestion.Should().Be(0);
        matrix.QuestionsWithoutProvision.Should().BeEmpty();
        var op3 = matrix.Rows.Single(r => r.Provision.Id == "res-2341-op03");
        op3.QuestionsByFramework.Should().ContainKey("legislative");
    }

    [Fact]
    public void Diff_BaseToOverlay_ListsAddedQuestionsAndReweighting()
    {
        var diff = CatalogAnalysis.Diff(Base, Civ);
        diff.Changes.Where(c => c.Kind == "question" && c.Change == "added").Select(c => c.Id).Should().HaveCount(3);
        diff.Changes.Where(c => c.Kind == "question" && c.Change == "changed").Should().HaveCount(2).And.OnlyContain(c => c.Fields.SequenceEqual(new[] { "weight" }));
        diff.Removed.Should().Be(0);
        CatalogAnalysis.Diff(Base, Base).Changes.Should().BeEmpty();
        CatalogAnalysis.Diff(Civ, Base).Removed.Should().Be(diff.Added);
    }
}
