using System.Globalization;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Scoring;

namespace Rempart.Core.Roadmaps;

/// <summary>An entity as generation sees it.</summary>
public sealed record PlanEntity(Guid Id, string Acronym, IReadOnlyList<string> CatalogTypes, IReadOnlyList<string> AssignedQuestions);

/// <summary>A finding as generation sees it.</summary>
public sealed record PlanFinding(Guid Id, string Reference, IReadOnlyList<string> Questions);

/// <summary>Everything generation reads.</summary>
public sealed record GenerationInput(
    string EngagementCode, ScoreCard Card, CatalogDefinition Catalog, IReadOnlyList<PlanEntity> Entities, Guid? CoordinatingEntityId,
    IReadOnlyList<PlanFinding> Findings, int ShortMonths, int MediumMonths);

/// <summary>
/// Drafts the plan from the priorities: each need gets its catalog template for its maturity band (0-1 or 2-3);
/// drafts that say nearly the same thing for the same lead are merged into one recommendation answering several
/// gaps; each carries its traceability (questions, provisions, findings), a lead and supporting entities, priority,
/// horizon, assistance, an indicative cost, indicators and milestones. Pure and deterministic.
/// </summary>
public static class RoadmapGenerator
{
    /// <summary>Titles sharing this share of their significant words are near-duplicates.</summary>
    public const double DuplicateSimilarity = 0.5;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "the", "of", "for", "to", "on", "in", "with", "by", "its", "their", "de", "des", "du", "la", "le", "les", "et", "pour", "sur", "en", "un", "une", "aux", "au",
    };

    /// <summary>Indicative cost ranges (US dollars) by horizon, to be edited per recommendation.</summary>
    public static readonly IReadOnlyDictionary<string, (decimal Min, decimal Max)> IndicativeCost = new Dictionary<string, (decimal, decimal)>(StringComparer.Ordinal)
    {
        ["short"] = (25_000, 75_000),
        ["medium"] = (75_000, 250_000),
        ["long"] = (250_000, 750_000),
    };

    private static readonly string[] HorizonOrder = ["short", "medium", "long"];

    public static IReadOnlyList<Recommendation> Generate(GenerationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var catalog = input.Catalog;
        var drafts = new List<Draft>();
        foreach (var need in input.Card.Priorities)
        {
            var band = need.Level <= 1 ? "0-1" : "2-3";
            var template = catalog.Templates.FirstOrDefault(t => t.Question == need.Question.Id && t.Band == band)
                ?? catalog.Templates.FirstOrDefault(t => t.Question == need.Question.Id);
            if (template is null)
            {
                continue;
            }

            var draft = new Draft(need.Question.Framework, need.Question.Theme, template.LeadEntityType, template.Title, template.Action, template.Horizon);
            draft.Needs.Add(need);
            draft.Templates.Add(template);
            var twin = drafts.FirstOrDefault(d => d.Framework == draft.Framework && d.LeadType == draft.LeadType && Similarity(d.Title.En, draft.Title.En) >= DuplicateSimilarity);
            if (twin is null)
            {
                drafts.Add(draft);
            }
            else
            {
                twin.Absorb(draft);
            }
        }

        var frameworkOrder = catalog.Frameworks.Select(f => f.Id).ToList();
        var ordered = drafts
            .OrderBy(d => frameworkOrder.IndexOf(d.Framework))
            .ThenByDescending(d => d.Needs.Max(n => n.Band))
            .ThenByDescending(d => d.Needs.Max(n => n.PriorityIndex))
            .ThenBy(d => d.Needs[0].Question.Id, StringComparer.Ordinal)
            .ToList();
        var result = new List<Recommendation>();
        var number = 1;
        foreach (var d in ordered)
        {
            result.Add(Build(d, number, number, input));
            number++;
        }

        return result;
    }

    /// <summary>Share of significant words two titles have in common (Jaccard), ignoring case, accents and small words.</summary>
    public static double Similarity(string a, string b)
    {
        var x = Words(a);
        var y = Words(b);
        return x.Count == 0 || y.Count == 0 ? 0 : x.Intersect(y).Count() / (double)x.Union(y).Count();
    }

    private static HashSet<string> Words(string text) =>
        [.. CatalogAnalysis.Fold(text).Split([' ', ',', ';', ':', '.', '(', ')', '\'', '-', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2 && !StopWords.Contains(w))];

    private static Recommendation Build(Draft d, int number, int order, GenerationInput input)
    {
        var catalog = input.Catalog;
        var questions = d.Needs.Select(n => n.Question.Id).ToList();
        var provisions = d.Needs.SelectMany(n => n.Question.Provisions).Distinct(StringComparer.Ordinal).ToList();
        var findings = input.Findings.Where(f => f.Questions.Any(questions.Contains)).ToList();
        var lead = input.Entities.Where(e => e.CatalogTypes.Contains(d.LeadType))
            .OrderByDescending(e => e.AssignedQuestions.Any(questions.Contains)).ThenBy(e => e.Acronym, StringComparer.Ordinal).FirstOrDefault()?.Id
            ?? input.CoordinatingEntityId;
        var supporting = input.Entities.Where(e => e.Id != lead && e.AssignedQuestions.Any(questions.Contains))
            .OrderBy(e => e.Acronym, StringComparer.Ordinal).Take(5).Select(e => e.Id).ToList();
        var horizon = d.Horizon;
        var months = horizon == "short" ? input.ShortMonths : horizon == "medium" ? input.MediumMonths : input.MediumMonths + 24;
        var en = CultureInfo.GetCultureInfo("en");
        var fr = CultureInfo.GetCultureInfo("fr");
        string Rationale(CultureInfo culture, string lang) => CoreMessages.Format("Roadmap.Rationale", culture,
            string.Join(Rempart.Core.Access.Cultures.Semicolon(culture), d.Needs.Select(n => CoreMessages.Format("Roadmap.RationaleItem", culture, n.Question.Id, n.Level!.Value, n.Target, n.Gap!.Value))),
            findings.Count == 0 ? CoreMessages.Format("Roadmap.NoFinding", culture) : string.Join(", ", findings.Select(f => f.Reference)),
            string.Join(Rempart.Core.Access.Cultures.Semicolon(culture), provisions.Select(p => catalog.Cite(p, lang))));
        var cost = IndicativeCost.GetValueOrDefault(horizon, IndicativeCost["medium"]);
        var scale = (decimal)Math.Min(3, d.Needs.Count);
        return new Recommendation
        {
            Number = number,
            Order = order,
            Framework = d.Framework,
            Theme = d.Theme,
            TitleEn = d.Title.En,
            TitleFr = d.Title.Fr,
            TextEn = string.Join(" ", d.Actions.Select(a => a.En).Distinct(StringComparer.Ordinal)),
            TextFr = string.Join(" ", d.Actions.Select(a => a.Fr).Distinct(StringComparer.Ordinal)),
            RationaleEn = Rationale(en, "en"),
            RationaleFr = Rationale(fr, "fr"),
            Questions = questions,
            Provisions = provisions,
            Findings = [.. findings.Select(f => f.Id)],
            Templates = [.. d.Templates.Select(t => t.Id)],
            LeadEntityId = lead,
            SupportingEntityIds = supporting,
            Priority = d.Needs.Max(n => n.Band) ?? PriorityBand.Low,
            PriorityIndex = d.Needs.Max(n => n.PriorityIndex),
            Horizon = horizon,
            Assistance = [.. d.Templates.SelectMany(t => t.Assistance).DistinctBy(a => (a.Partner, a.Module.En)).Select(a => new AssistanceItem(a.Partner, a.Module.En, a.Module.Fr))],
            CostMin = cost.Min * scale,
            CostMax = cost.Max * scale,
            Indicators =
            [
                .. d.Needs.Select(n => new Indicator(
                    IndicatorName(n.Question, n.Level!.Value, n.Target, en), IndicatorName(n.Question, n.Level!.Value, n.Target, fr),
                    n.Level!.Value.ToString(CultureInfo.InvariantCulture), n.Target.ToString(CultureInfo.InvariantCulture), n.Question.Evidence.En, n.Question.Evidence.Fr)),
            ],
            Milestones =
            [
                new Milestone(CoreMessages.Format("Roadmap.MilestoneStart", en), CoreMessages.Format("Roadmap.MilestoneStart", fr), 3),
                new Milestone(CoreMessages.Format("Roadmap.MilestoneHalf", en), CoreMessages.Format("Roadmap.MilestoneHalf", fr), Math.Max(6, months / 2)),
                new Milestone(CoreMessages.Format("Roadmap.MilestoneTarget", en), CoreMessages.Format("Roadmap.MilestoneTarget", fr), months),
            ],
        };
    }

    /// <summary>
    /// The indicator's name in one language, with the levels it runs between named in that language; its baseline and
    /// target are the level numbers, so that measurements are numbers and show how far the level has moved.
    /// </summary>
    private static string IndicatorName(Question question, int level, int target, CultureInfo culture)
    {
        var lang = culture.TwoLetterISOLanguageName;
        string Name(int value) => question.Levels.FirstOrDefault(l => l.Level == value)?.Name.Get(lang) ?? value.ToString(CultureInfo.InvariantCulture);
        return CoreMessages.Format("Roadmap.IndicatorName", culture, question.Id, level, Name(level), target, Name(target));
    }

    private sealed class Draft(string framework, string theme, string leadType, LocalizedText title, LocalizedText action, string horizon)
    {
        public string Framework { get; } = framework;

        public string Theme { get; } = theme;

        public string LeadType { get; } = leadType;

        public LocalizedText Title { get; } = title;

        public List<LocalizedText> Actions { get; } = [action];

        public string Horizon { get; private set; } = horizon;

        public List<ScoredQuestion> Needs { get; } = [];

        public List<RecommendationTemplate> Templates { get; } = [];

        public void Absorb(Draft other)
        {
            Needs.AddRange(other.Needs);
            Templates.AddRange(other.Templates);
            Actions.AddRange(other.Actions);
            if (Array.IndexOf(HorizonOrder, other.Horizon) < Array.IndexOf(HorizonOrder, Horizon))
            {
                Horizon = other.Horizon;
            }
        }
    }
}
