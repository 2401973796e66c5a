using Rempart.Core.Engagements;

namespace Rempart.Core.Tests.Engagements;

public sealed class EngagementCodeTests
{
    [Theory]
    [InlineData("CIV-2024", true)]
    [InlineData("TGO-2023", true)]
    [InlineData("CIV-2024-B", true)]
    [InlineData("civ-2024", false)]
    [InlineData("CI-2024", false)]
    [InlineData("CIV2024", false)]
    [InlineData("CIV-24", false)]
    [InlineData("CIV-2024-", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidCode_AcceptsCountryDashYear(string? code, bool valid) => Engagement.IsValidCode(code).Should().Be(valid);

    [Fact]
    public void TitleIn_FallsBackToEnglish()
    {
        var e = new Engagement { TitleEn = "Côte d'Ivoire roadmap", TitleFr = "Feuille de route de la Côte d'Ivoire" };
        e.TitleIn("fr-CI").Should().Be("Feuille de route de la Côte d'Ivoire");
        e.TitleIn("en").Should().Be("Côte d'Ivoire roadmap");
        e.TitleIn("es").Should().Be("Côte d'Ivoire roadmap");
    }
}
