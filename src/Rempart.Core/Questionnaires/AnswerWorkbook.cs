using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Documents;

namespace Rempart.Core.Questionnaires;

/// <summary>The control data a workbook carries on its protected, hidden sheet.</summary>
public sealed record WorkbookControl(
    Guid ExportId, Guid EngagementId, string EngagementCode, Guid EntityId, string Entity, string CatalogKey, string Language, DateTimeOffset ExportedAt,
    IReadOnlyList<(string QuestionId, int BaseRevision)> Rows)
{
    public const string Format = "rempart-answers/1";

    /// <summary>SHA-256 over every control value and row: any edit of the ids or the control sheet changes it.</summary>
    public string Checksum()
    {
        var text = new StringBuilder();
        text.Append(Format).Append('\n').Append(ExportId.ToString("D")).Append('\n').Append(EngagementId.ToString("D")).Append('\n').Append(EngagementCode).Append('\n')
            .Append(EntityId.ToString("D")).Append('\n').Append(Entity).Append('\n').Append(CatalogKey).Append('\n').Append(Language).Append('\n')
            .Append(ExportedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (question, revision) in Rows)
        {
            text.Append(question).Append(':').Append(revision.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>One answer row as written in, or read from, the questionnaire sheet.</summary>
public sealed record WorkbookRow(int Row, string QuestionId, string Level, string NotApplicableReason, string Comment, string EvidenceReference)
{
    public bool IsBlank => Level.Length == 0 && NotApplicableReason.Length == 0 && Comment.Length == 0 && EvidenceReference.Length == 0;
}

/// <summary>A problem found in a workbook, with the sheet cell it is in (e.g. Questionnaire!G7).</summary>
public sealed record WorkbookProblem(string Cell, string Code, IReadOnlyList<object> Arguments)
{
    public string MessageIn(CultureInfo culture) => CoreMessages.Format(Code, culture, [.. Arguments]);
}

/// <summary>What was read from a workbook file: its control data and rows, or the problems that stop it.</summary>
public sealed record WorkbookContent(WorkbookControl? Control, string? StoredChecksum, IReadOnlyList<WorkbookRow> Rows, IReadOnlyList<WorkbookProblem> Problems);

/// <summary>
/// The offline questionnaire of one entity (XLSX, DocumentFormat.OpenXml) in the respondent's language: one row per
/// question with the level descriptors, a drop-down for the level, locked question columns, and a hidden,
/// protected control sheet with the stable ids, the engagement, the catalog version and a checksum.
/// </summary>
public static class AnswerWorkbook
{
    public const string DataSheet = "Questionnaire";
    public const string ControlSheet = "Control";
    public const int FirstDataRow = 2;

    // Columns of the questionnaire sheet; G to J are the respondent's.
    private const int LevelColumn = 6;

    /// <summary>The tokens read as "not applicable" in the level column, whatever the language.</summary>
    public static readonly IReadOnlySet<string> NotApplicableTokens = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "N/A", "NA", "S.O.", "SO", "S/O", "n.a." };

    public static string NotApplicableToken(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "S.O." : "N/A";

    public static byte[] Write(WorkbookControl control, CatalogDefinition catalog, IReadOnlyList<(Question Question, AnswerView Answer)> items, string instructions)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(items);
        var culture = Rempart.Core.Access.Cultures.For(control.Language);
        var lang = control.Language;
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var na = NotApplicableToken(lang);

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Styles();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());

            // The questionnaire.
            var headers = new[]
            {
                T("Workbook.Col.Id"), T("Workbook.Col.Framework"), T("Workbook.Col.Theme"), T("Workbook.Col.Question"), T("Workbook.Col.Levels"),
                T("Workbook.Col.Evidence"), T("Workbook.Col.Level", na), T("Workbook.Col.NaReason"), T("Workbook.Col.Comment"), T("Workbook.Col.EvidenceReference"),
            };
            var rows = new List<Row> { TextRow(1, headers, Style.Header) };
            var r = (uint)FirstDataRow;
            foreach (var (question, answer) in items)
            {
                var levels = string.Join("\n", question.Levels.Select(l => $"{l.Level} – {l.Name.Get(lang)} : {l.Descriptor.Get(lang)}"));
                var row = TextRow(r, [
                    question.Id,
                    catalog.Frameworks.FirstOrDefault(f => f.Id == question.Framework)?.Name.Get(lang) ?? question.Framework,
                    catalog.Themes.FirstOrDefault(t => t.Id == question.Theme)?.Name.Get(lang) ?? question.Theme,
                    question.Text.Get(lang),
                    levels,
                    question.Evidence.Get(lang),
                ], Style.Locked);
                row.Append(answer.NotApplicable ? TextCell(Ref(LevelColumn, r), na, Style.Input)
                    : answer.Level is { } level ? new Cell { CellReference = Ref(LevelColumn, r), StyleIndex = (uint)Style.Input, CellValue = new CellValue(level) }
                    : TextCell(Ref(LevelColumn, r), "", Style.Input));
                row.Append(TextCell(Ref(7, r), answer.NotApplicableReason ?? "", Style.Input));
                row.Append(TextCell(Ref(8, r), answer.Comment ?? "", Style.Input));
                row.Append(TextCell(Ref(9, r), answer.EvidenceReference ?? "", Style.Input));
                rows.Add(row);
                r++;
            }

            var last = Math.Max(FirstDataRow, FirstDataRow + items.Count - 1);
            var data = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, HorizontalSplit = 1, TopLeftCell = "B2", ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                new Columns(
                    Width(1, 14), Width(2, 16), Width(3, 18), Width(4, 60), Width(5, 70), Width(6, 36), Width(7, 12), Width(8, 30), Width(9, 50), Width(10, 30)),
                new DocumentFormat.OpenXml.Spreadsheet.SheetData(rows),
                new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false, SelectLockedCells = false, SelectUnlockedCells = false },
                new DataValidations(new DataValidation(new Formula1($"\"0,1,2,3,4,{na}\""))
                {
                    Type = DataValidationValues.List, AllowBlank = true, ShowErrorMessage = true, ShowInputMessage = true,
                    ErrorTitle = T("Workbook.Validation.Title"), Error = T("Workbook.Validation.Error", na), PromptTitle = T("Workbook.Col.Level", na), Prompt = T("Workbook.Validation.Prompt", na),
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = $"G{FirstDataRow}:G{last}" },
                })
                { Count = 1 });
            AddSheet(workbookPart, sheets, data, DataSheet, 1, null);

            // Instructions in the respondent's language.
            var guide = instructions.Split('\n').Select((line, i) => TextRow((uint)(i + 1), [line], i == 0 ? Style.Header : Style.Plain)).ToList();
            AddSheet(workbookPart, sheets, new Worksheet(new Columns(Width(1, 120)), new DocumentFormat.OpenXml.Spreadsheet.SheetData(guide)), T("Workbook.InstructionsSheet"), 2, null);

            // The control sheet: hidden from the respondent, protected, and checked on import.
            var controlRows = new List<Row>
            {
                TextRow(1, ["format", WorkbookControl.Format], Style.Plain),
                TextRow(2, ["export", control.ExportId.ToString("D")], Style.Plain),
                TextRow(3, ["engagement-id", control.EngagementId.ToString("D")], Style.Plain),
                TextRow(4, ["engagement", control.EngagementCode], Style.Plain),
                TextRow(5, ["entity-id", control.EntityId.ToString("D")], Style.Plain),
                TextRow(6, ["entity", control.Entity], Style.Plain),
                TextRow(7, ["catalog", control.CatalogKey], Style.Plain),
                TextRow(8, ["language", control.Language], Style.Plain),
                TextRow(9, ["exported-at", control.ExportedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)], Style.Plain),
                TextRow(10, ["checksum", control.Checksum()], Style.Plain),
                TextRow(11, ["row", "question", "revision"], Style.Header),
            };
            var c = 12u;
            var dataRow = FirstDataRow;
            foreach (var (question, revision) in control.Rows)
            {
                controlRows.Add(TextRow(c++, [dataRow++.ToString(CultureInfo.InvariantCulture), question, revision.ToString(CultureInfo.InvariantCulture)], Style.Plain));
            }

            AddSheet(workbookPart, sheets, new Worksheet(new DocumentFormat.OpenXml.Spreadsheet.SheetData(controlRows),
                new SheetProtection { Sheet = true, Objects = true, Scenarios = true }), ControlSheet, 3, SheetStateValues.VeryHidden);
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>Reads a workbook file; a file that is not a readable Rempart workbook comes back with problems and no control.</summary>
    public static WorkbookContent Read(byte[] bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        IReadOnlyList<(string Name, List<(int Number, List<string> Cells)> Rows)> sheets;
        try
        {
            sheets = TabularFile.ReadSheets(bytes, fileName);
        }
        catch (DomainRuleException)
        {
            return new WorkbookContent(null, null, [], [new WorkbookProblem("-", "Workbook.Unreadable", [fileName])]);
        }

        var control = sheets.FirstOrDefault(s => s.Name == ControlSheet).Rows;
        var data = sheets.FirstOrDefault(s => s.Name == DataSheet).Rows;
        if (control is null || data is null)
        {
            return new WorkbookContent(null, null, [], [new WorkbookProblem("-", "Workbook.NotRempart", [fileName])]);
        }

        string Value(string key) => control.FirstOrDefault(r => r.Cells.Count >= 2 && r.Cells[0] == key).Cells?[1].Trim() ?? "";
        var problems = new List<WorkbookProblem>();
        if (Value("format") != WorkbookControl.Format
            || !Guid.TryParse(Value("export"), out var exportId) || !Guid.TryParse(Value("engagement-id"), out var engagementId)
            || !Guid.TryParse(Value("entity-id"), out var entityId)
            || !DateTimeOffset.TryParse(Value("exported-at"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var exportedAt))
        {
            return new WorkbookContent(null, null, [], [new WorkbookProblem($"{ControlSheet}!B1", "Workbook.NotRempart", [fileName])]);
        }

        var controlRows = new List<(string, int)>();
        var expectedAt = new Dictionary<int, string>();
        foreach (var (number, cells) in control.Where(r => r.Number >= 12))
        {
            if (cells.Count < 3 || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var row)
                || !int.TryParse(cells[2], NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
            {
                problems.Add(new WorkbookProblem($"{ControlSheet}!A{number}", "Workbook.Tampered", [fileName]));
                continue;
            }

            controlRows.Add((cells[1], revision));
            expectedAt[row] = cells[1];
        }

        var parsed = new WorkbookControl(exportId, engagementId, Value("engagement"), entityId, Value("entity"), Value("catalog"), Value("language"), exportedAt, controlRows);
        string Cell(List<string> cells, int i) => i < cells.Count ? cells[i].Trim() : "";
        var rows = new List<WorkbookRow>();
        var seen = new HashSet<int>();
        foreach (var (number, cells) in data.Where(r => r.Number >= FirstDataRow))
        {
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var id = Cell(cells, 0);
            if (!expectedAt.TryGetValue(number, out var expected))
            {
                problems.Add(new WorkbookProblem($"{DataSheet}!A{number}", "Workbook.RowAdded", [number]));
                continue;
            }

            seen.Add(number);
            if (id != expected)
            {
                problems.Add(new WorkbookProblem($"{DataSheet}!A{number}", "Workbook.IdEdited", [number, expected, id]));
                continue;
            }

            rows.Add(new WorkbookRow(number, id, Cell(cells, LevelColumn), Cell(cells, 7), Cell(cells, 8), Cell(cells, 9)));
        }

        foreach (var (row, question) in expectedAt.Where(x => !seen.Contains(x.Key)))
        {
            problems.Add(new WorkbookProblem($"{DataSheet}!A{row}", "Workbook.RowMissing", [question, row]));
        }

        return new WorkbookContent(parsed, Value("checksum"), rows, problems);
    }

    private enum Style : uint
    {
        Plain = 0,
        Header = 1,
        Locked = 2,
        Input = 3,
    }

    private static void AddSheet(WorkbookPart workbookPart, Sheets sheets, Worksheet worksheet, string name, uint id, SheetStateValues? state)
    {
        var part = workbookPart.AddNewPart<WorksheetPart>();
        part.Worksheet = worksheet;
        var sheet = new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = id, Name = name.Length > 31 ? name[..31] : name };
        if (state is { } s)
        {
            sheet.State = s;
        }

        sheets.Append(sheet);
    }

    private static Column Width(uint index, double width) => new() { Min = index, Max = index, Width = width, CustomWidth = true };

    private static string Ref(int column, uint row) => $"{SimpleWorkbook.ColumnName(column)}{row}";

    private static Row TextRow(uint index, string[] values, Style style)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length; i++)
        {
            row.Append(TextCell(Ref(i, index), values[i], style));
        }

        return row;
    }

    private static Cell TextCell(string reference, string value, Style style) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        StyleIndex = (uint)style,
        InlineString = new InlineString(new Text(SimpleWorkbook.Clean(value)) { Space = SpaceProcessingModeValues.Preserve }),
    };


    private static Stylesheet Styles() => new(
        new Fonts(new Font(new FontSize { Val = 10 }, new FontName { Val = "Arial" }), new Font(new Bold(), new FontSize { Val = 10 }, new FontName { Val = "Arial" })),
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDCE6F1" }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF8DC" }) { PatternType = PatternValues.Solid })),
        new Borders(new Border(), new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder())),
        new CellFormats(
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }, new Protection { Locked = true }) { ApplyAlignment = true, ApplyProtection = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }, new Protection { Locked = false })
            { FillId = 3, BorderId = 1, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true, ApplyProtection = true }));
}
