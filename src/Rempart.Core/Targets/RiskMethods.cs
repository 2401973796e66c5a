using Rempart.Core.Data;

namespace Rempart.Core.Targets;

/// <summary>What one scenario gives: its consequence (0-1), conditional risk V x C and full risk T x V x C.</summary>
public sealed record ScenarioResult(string Scenario, double Consequence, double ConditionalRisk, double FullRisk);

/// <summary>
/// The result of an assessment. <see cref="Index"/> (0-100) is comparable across sites and methods: both methods
/// measure how attractive and damaging a target is without the threat term, the most contested input.
/// </summary>
public sealed record RiskResult(RiskMethod Method, double Index, double? FullRisk, double Consequence, double Likelihood, RiskBand Band, IReadOnlyList<ScenarioResult> Scenarios, int? CarverTotal);

/// <summary>
/// The two risk methods, pure. Scenario method (RAMCAP style): per scenario, consequence C is the worst of three
/// dimensions (lives, loss of service in person-days, economic loss) each placed on its log scale between the
/// reference thresholds; conditional risk = V x C and full risk = T x V x C; the site takes its worst scenario by
/// conditional risk, and its index is 100 x sqrt(V x C), which ranks exactly as V x C does and reads on the same
/// 0-100 scale as CARVER. CARVER + Shock: seven factors scored 1-10 and summed (7-70); the index is
/// 100 x (total - 7) / 63; the matrix axes are the means of the consequence factors and of the likelihood factors.
/// </summary>
public static class RiskMethods
{
    /// <summary>0 for no loss; 0.2 at the first threshold, 1.0 at the fifth, logarithmic in between; capped at 1.</summary>
    public static double DimensionScore(double value, IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        if (value <= 0)
        {
            return 0;
        }

        if (value < thresholds[0])
        {
            return 0.2 * value / thresholds[0];
        }

        for (var i = 0; i < thresholds.Count - 1; i++)
        {
            if (value < thresholds[i + 1])
            {
                return 0.2 * (i + 1) + (0.2 * (Math.Log(value) - Math.Log(thresholds[i])) / (Math.Log(thresholds[i + 1]) - Math.Log(thresholds[i])));
            }
        }

        return 1.0;
    }

    public static double ConsequenceOf(ScenarioInput input, TargetsReference reference)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(reference);
        var scales = reference.Consequence.ToDictionary(c => c.Id);
        var personDays = input.PeopleWithoutService * Math.Max(input.OutageHours, 0) / 24.0;
        return Math.Max(DimensionScore(input.Lives, scales["lives"].Thresholds),
            Math.Max(DimensionScore(personDays, scales["service"].Thresholds), DimensionScore(input.Economic, scales["economic"].Thresholds)));
    }

    public static RiskResult Scenario(IReadOnlyList<ScenarioInput> scenarios, TargetsReference reference)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(reference);
        if (scenarios.Count == 0)
        {
            throw new DomainRuleException("Targets.Risk.NoScenario");
        }

        var known = reference.Scenarios.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var results = new List<ScenarioResult>();
        foreach (var s in scenarios)
        {
            if (!known.Contains(s.Scenario))
            {
                throw new DomainRuleException("Targets.Risk.UnknownScenario", s.Scenario, string.Join(", ", known));
            }

            if (scenarios.Count(o => o.Scenario == s.Scenario) > 1)
            {
                throw new DomainRuleException("Targets.Risk.ScenarioTwice", s.Scenario);
            }

            var named = reference.Scenarios.First(x => x.Id == s.Scenario).Name;
            var scenario = new Exports.BilingualName(named.En, named.Fr);
            Probability(s.Threat, Terms["threat"], scenario);
            Probability(s.Vulnerability, Terms["vulnerability"], scenario);
            foreach (var (value, name) in new[] { (s.Lives, "lives"), (s.PeopleWithoutService, "people-without-service"), (s.OutageHours, "outage-hours"), (s.Economic, "economic") })
            {
                if (value < 0 || double.IsNaN(value) || double.IsInfinity(value))
                {
                    throw new DomainRuleException("Targets.Risk.Negative", scenario, Terms[name], value);
                }
            }

            var c = ConsequenceOf(s, reference);
            results.Add(new ScenarioResult(s.Scenario, c, s.Vulnerability * c, s.Threat * s.Vulnerability * c));
        }

        var worst = results.OrderByDescending(r => r.ConditionalRisk).ThenBy(r => r.Scenario, StringComparer.Ordinal).First();
        var vulnerability = scenarios.Single(s => s.Scenario == worst.Scenario).Vulnerability;
        var index = Math.Round(100 * Math.Sqrt(worst.ConditionalRisk), 1);
        return new RiskResult(RiskMethod.Scenario, index, Math.Round(results.Max(r => r.FullRisk), 4), Math.Round(worst.Consequence, 4), vulnerability, reference.BandOf(index), results, null);
    }

    public static RiskResult Carver(IReadOnlyDictionary<string, int> scores, TargetsReference reference)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(reference);
        foreach (var id in TargetsReference.CarverFactorIds)
        {
            // The factor named as the reader's language names it ("accessibilité", not "accessibility").
            var name = reference.Carver.FirstOrDefault(f => f.Id == id)?.Name ?? new Bilingual(id, id);
            if (!scores.TryGetValue(id, out var score))
            {
                throw new DomainRuleException("Targets.Risk.FactorMissing", name);
            }

            if (score is < 1 or > 10)
            {
                throw new DomainRuleException("Targets.Risk.FactorRange", name, score);
            }
        }

        if (scores.Keys.FirstOrDefault(k => !TargetsReference.CarverFactorIds.Contains(k)) is { } unknown)
        {
            throw new DomainRuleException("Targets.Risk.FactorUnknown", unknown, string.Join(", ", TargetsReference.CarverFactorIds));
        }

        var total = TargetsReference.CarverFactorIds.Sum(id => scores[id]);
        double Axis(string axis) => reference.Carver.Where(f => f.Axis == axis).Average(f => (scores[f.Id] - 1) / 9.0);
        var index = Math.Round(100.0 * (total - 7) / 63, 1);
        return new RiskResult(RiskMethod.Carver, index, null, Math.Round(Axis("consequence"), 4), Math.Round(Axis("likelihood"), 4), reference.BandOf(index), [], total);
    }

    /// <summary>The inputs of a scenario as messages name them, in both languages.</summary>
    private static readonly Dictionary<string, Exports.BilingualName> Terms = new(StringComparer.Ordinal)
    {
        ["threat"] = new("the threat", "la menace"),
        ["vulnerability"] = new("the vulnerability", "la vulnérabilité"),
        ["lives"] = new("the number of lives at risk", "le nombre de vies menacées"),
        ["people-without-service"] = new("the number of people without service", "le nombre de personnes privées de service"),
        ["outage-hours"] = new("the hours of outage", "le nombre d'heures d'interruption"),
        ["economic"] = new("the economic loss", "le montant des pertes économiques"),
    };

    private static void Probability(double value, Exports.BilingualName name, Exports.BilingualName scenario)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            throw new DomainRuleException("Targets.Risk.Probability", scenario, name, value);
        }
    }
}
