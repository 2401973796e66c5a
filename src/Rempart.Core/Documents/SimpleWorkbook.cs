using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rempart.Core.Documents;

/// <summary>One sheet of text cells: a bold, frozen header row with filters, then the rows.</summary>
public sealed record SheetData(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<double>? Widths = null);

/// <summary>
/// Writes plain review workbooks (XLSX) with DocumentFormat.OpenXml: text cells that wrap, a styled header, frozen
/// panes and filters. Cells are inline strings, so any spreadsheet program reads them without a shared table.
/// </summary>
public static class SimpleWorkbook
{
    public static byte[] Write(IReadOnlyList<SheetData> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheetList = workbookPart.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            foreach (var sheet in sheets)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = Worksheet(sheet);
                sheetList.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = SafeName(sheet.Name) });
            }

            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Worksheet(SheetData sheet)
    {
        var worksheet = new Worksheet();
        worksheet.Append(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
        { WorkbookViewId = 0 }));
        var columns = new Columns();
        for (var i = 0; i < sheet.Headers.Count; i++)
        {
            var width = sheet.Widths is { } w && i < w.Count ? w[i] : 24;
            columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = width, CustomWidth = true });
        }

        worksheet.Append(columns);
        var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
        data.Append(Row(1, sheet.Headers, style: 1));
        uint index = 2;
        foreach (var row in sheet.Rows)
        {
            data.Append(Row(index++, row, style: 2));
        }

        worksheet.Append(data);
        if (sheet.Headers.Count > 0)
        {
            worksheet.Append(new AutoFilter { Reference = $"A1:{ColumnName(sheet.Headers.Count - 1)}{Math.Max(1, sheet.Rows.Count + 1)}" });
        }

        return worksheet;
    }

    private static Row Row(uint index, IReadOnlyList<string> values, uint style)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Count; i++)
        {
            row.Append(new Cell
            {
                CellReference = $"{ColumnName(i)}{index}",
                DataType = CellValues.InlineString,
                StyleIndex = style,
                InlineString = new InlineString(new Text(Clean(values[i])) { Space = SpaceProcessingModeValues.Preserve }),
            });
        }

        return row;
    }

    /// <summary>A1-style column letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            name = (char)('A' + ((i - 1) % 26)) + name;
        }

        return name;
    }

    // Excel refuses control characters other than tab and line breaks, and cells over 32,767 characters.
    internal static string Clean(string value)
    {
        var text = new string([.. value.Where(c => c >= ' ' || c is '\t' or '\n' or '\r')]);
        return text.Length > 32_000 ? text[..32_000] : text;
    }

    private static string SafeName(string name)
    {
        var clean = new string([.. name.Where(c => !"[]:*?/\\".Contains(c))]);
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(new FontSize { Val = 10 }, new FontName { Val = "Arial" }), new Font(new Bold(), new FontSize { Val = 10 }, new FontName { Val = "Arial" })),
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDCE6F1" }) { PatternType = PatternValues.Solid })),
        new Borders(new Border()),
        new CellFormats(
            new CellFormat(),
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 1, FillId = 2, ApplyFont = true, ApplyFill = true, ApplyAlignment = true },
            new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true }));
}
