using System.Globalization;
using Rempart.Core.Data;
using Rempart.Core.Documents;

namespace Rempart.Core.Scoring;

/// <summary>
/// Every scoring table as rows of text in the reader's language, for CSV (UTF-8 with BOM; semicolons in French, as
/// Excel expects there) and XLSX. The same tables the pages show.
/// </summary>
public static class ScoreTables
{
    public static readonly IReadOnlyList<string> Names = ["questions", "frameworks", "themes", "instruments", "provisions", "sectors", "entities", "needs", "strengths", "priorities"];

    private static string T(string key, CultureInfo culture) => CoreMessages.Format(key, culture);

    private static string N(double? value, CultureInfo culture, string format = "0.00") => value is { } v ? v.ToString(format, culture) : "";

    public static SheetData Table(ScoreCard card, string name, string language)
    {
        ArgumentNullException.ThrowIfNull(card);
        var culture = Rempart.Core.Access.Cultures.For(language);
        IReadOnlyList<string> QuestionRow(ScoredQuestion q) =>
        [
            q.Question.Id, q.Question.Framework, q.Question.Theme, q.Question.Text.Get(language),
            q.NotApplicable ? T("Scoring.NotApplicable", culture) : q.Level?.ToString(culture) ?? "", q.Target.ToString(culture), q.Gap?.ToString(culture) ?? "",
            T("QuestionStatus." + q.Status, culture), q.Question.Weight.ToString(culture), N(q.Signals, culture), N(q.PriorityIndex, culture),
            q.Band is { } b ? T("PriorityBand." + b, culture) : "", q.PriorityOverride?.Reason ?? q.TargetOverride?.Reason ?? "",
        ];
        string[] questionColumns =
        [
            T("Scoring.Col.Question", culture), T("Scoring.Col.Framework", culture), T("Scoring.Col.Theme", culture), T("Scoring.Col.Text", culture),
            T("Scoring.Col.Level", culture), T("Scoring.Col.Target", culture), T("Scoring.Col.Gap", culture), T("Scoring.Col.Status", culture),
            T("Scoring.Col.Importance", culture), T("Scoring.Col.Signals", culture), T("Scoring.Col.Index", culture), T("Scoring.Col.Band", culture), T("Scoring.Col.Reason", culture),
        ];
        string[] areaColumns =
        [
            T("Scoring.Col.Id", culture), T("Scoring.Col.Name", culture), T("Scoring.Col.Score", culture), T("Scoring.Col.Percent", culture),
            T("Scoring.Col.Coverage", culture), T("Scoring.Col.Answered", culture), T("Scoring.Col.Applicable", culture), T("Scoring.Col.MeanGap", culture),
        ];
        IReadOnlyList<string> AreaRow(AreaScore a) =>
        [
            a.Id, a.Name.Get(language), N(a.Score, culture), N(a.Percent, culture, "0.0"), (a.Coverage * 100).ToString("0", culture) + " %",
            a.Answered.ToString(culture), a.Applicable.ToString(culture), N(a.MeanGap, culture),
        ];
        return name switch
        {
            "questions" => new SheetData(name, questionColumns, [.. card.Questions.Select(QuestionRow)]),
            "needs" => new SheetData(name, questionColumns, [.. card.Needs.Select(QuestionRow)]),
            "strengths" => new SheetData(name, questionColumns, [.. card.Strengths.Select(QuestionRow)]),
            "priorities" => new SheetData(name, questionColumns, [.. card.Priorities.Select(QuestionRow)]),
            "frameworks" or "themes" or "instruments" or "provisions" or "sectors" or "entities" =>
                new SheetData(name, areaColumns, [.. card.AreasOf(name[..^1] == "entitie" ? "entity" : name[..^1]).Select(AreaRow)]),
            _ => throw new NotFoundException("Scoring.NoTable", name),
        };
    }

    /// <summary>A cycle comparison, item by item, with what moved and why.</summary>
    public static SheetData Comparison(CycleComparison comparison, string language)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var culture = Rempart.Core.Access.Cultures.For(language);
        return new SheetData($"cycle-{comparison.Cycle}",
            [T("Scoring.Col.Question", culture), T("Scoring.Col.Text", culture), T("Scoring.Col.Before", culture), T("Scoring.Col.After", culture),
                T("Scoring.Col.TargetBefore", culture), T("Scoring.Col.TargetAfter", culture), T("Scoring.Col.Movement", culture), T("Scoring.Col.Why", culture)],
            [.. comparison.Items.Select(i => (IReadOnlyList<string>)[i.QuestionId, i.Text?.Get(language) ?? "", i.Before?.ToString(culture) ?? "", i.After?.ToString(culture) ?? "",
                i.TargetBefore?.ToString(culture) ?? "", i.TargetAfter?.ToString(culture) ?? "", i.Movement, string.Join(", ", i.Reasons)])]);
    }

    /// <summary>Semicolons in French (Excel on French Windows expects them), commas otherwise.</summary>
    public static byte[] Csv(SheetData table, string language) =>
        CsvTable.Write(table, (language ?? "").StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? ";" : ",");

    /// <summary>Every table in one workbook, one sheet each.</summary>
    public static byte[] Workbook(ScoreCard card, string language) =>
        SimpleWorkbook.Write([.. Names.Select(n => Table(card, n, language))]);
}
