using Rempart.Core.Questionnaires;

namespace Rempart.Core.Tests.Questionnaires;

public sealed class ConsolidationRuleTests
{
    private static CountedAnswer L(int level, double relevance = 1) => new(level, false, relevance);

    private static CountedAnswer Na => new(null, true, 1);

    public static TheoryData<string, ConsolidationRule, CountedAnswer[], int?, double?, int, bool> Cases => new()
    {
        // name, rule, answers, suggested level, raw value, spread, flagged
        { "median, odd count", ConsolidationRule.Median, [L(1), L(3), L(2)], 2, 2.0, 2, true },
        { "median, even count takes the lower middle", ConsolidationRule.Median, [L(1), L(2), L(3), L(4)], 2, 2.5, 3, true },
        { "median, two close answers", ConsolidationRule.Median, [L(2), L(3)], 2, 2.5, 1, false },
        { "median, one answer", ConsolidationRule.Median, [L(4)], 4, 4.0, 0, false },
        { "median ignores N/A", ConsolidationRule.Median, [L(1), Na, L(1), Na], 1, 1.0, 0, false },
        { "minimum", ConsolidationRule.Minimum, [L(3), L(1), L(2)], 1, 1.0, 2, true },
        { "minimum ignores N/A", ConsolidationRule.Minimum, [Na, L(2), L(3)], 2, 2.0, 1, false },
        { "weighted, relevant entity counts double", ConsolidationRule.Weighted, [L(3, 2), L(0)], 2, 2.0, 3, true },
        { "weighted, half rounds down", ConsolidationRule.Weighted, [L(1), L(2)], 1, 1.5, 1, false },
        { "weighted, above half rounds up", ConsolidationRule.Weighted, [L(1), L(2, 2)], 2, 1.67, 1, false },
        { "weighted, equal weights is the mean", ConsolidationRule.Weighted, [L(0), L(2), L(4)], 2, 2.0, 4, true },
        { "spread of exactly two is flagged", ConsolidationRule.Median, [L(0), L(2)], 0, 1.0, 2, true },
        { "spread of one is not", ConsolidationRule.Median, [L(3), L(4)], 3, 3.5, 1, false },
        { "only N/A suggests nothing", ConsolidationRule.Median, [Na, Na], null, null, 0, false },
        { "no answers suggests nothing", ConsolidationRule.Weighted, [], null, null, 0, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_SuggestsTheExpectedLevel(string name, ConsolidationRule rule, CountedAnswer[] answers, int? level, double? raw, int spread, bool flagged)
    {
        var suggestion = Consolidation.Suggest(rule, answers);
        suggestion.Level.Should().Be(level, name);
        suggestion.Raw.Should().Be(raw, name);
        suggestion.Spread.Should().Be(spread, name);
        suggestion.Disagreement.Should().Be(flagged, name);
    }

    [Fact]
    public void NotApplicable_IsCountedApartAndFlaggedWhenMixed()
    {
        var all = Consolidation.Suggest(ConsolidationRule.Median, [Na, Na]);
        all.AllNotApplicable.Should().BeTrue();
        all.MixedNotApplicable.Should().BeFalse();
        var mixed = Consolidation.Suggest(ConsolidationRule.Median, [Na, L(2)]);
        mixed.MixedNotApplicable.Should().BeTrue();
        mixed.NotApplicable.Should().Be(1);
        mixed.Levels.Should().Be(1);
    }

    [Fact]
    public void SameAnswersInAnyOrder_GiveTheSameSuggestion()
    {
        CountedAnswer[] answers = [L(3, 2), L(0), L(1), L(4, 2), Na, L(2)];
        var expected = Consolidation.Suggest(ConsolidationRule.Weighted, answers);
        for (var seed = 0; seed < 20; seed++)
        {
            var shuffled = answers.OrderBy(_ => Random.Shared.Next()).ToArray();
            Consolidation.Suggest(ConsolidationRule.Weighted, shuffled).Should().Be(expected);
            Consolidation.Suggest(ConsolidationRule.Median, shuffled).Should().Be(Consolidation.Suggest(ConsolidationRule.Median, answers));
        }
    }

    [Theory]
    [InlineData(null, false, null, null, null)]
    [InlineData(2, false, null, null, null)]
    [InlineData(5, false, null, "c", "Answer.LevelRange")]
    [InlineData(-1, false, null, "c", "Answer.LevelRange")]
    [InlineData(2, true, "reason", null, "Answer.LevelAndNa")]
    [InlineData(null, true, " ", null, "Answer.NaReason")]
    [InlineData(null, true, "Not our mandate", null, null)]
    [InlineData(0, false, null, "  ", "Answer.ZeroComment")]
    [InlineData(0, false, null, "Nothing exists yet", null)]
    public void AnswerRules_AreTheSameOnEveryChannel(int? level, bool na, string? reason, string? comment, string? expected)
    {
        QuestionnaireService.Check(level, na, reason, comment, "q")?.Code.Should().Be(expected);
        if (expected is null)
        {
            QuestionnaireService.Check(level, na, reason, comment, "q").Should().BeNull();
        }
    }
}
