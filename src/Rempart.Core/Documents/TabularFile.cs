using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rempart.Core.Data;

namespace Rempart.Core.Documents;

/// <summary>One data row of a sheet: its row number as a spreadsheet shows it (the header is row 1) and its cells by column name.</summary>
public sealed record TabularRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    public string Get(string column) => Cells.TryGetValue(column, out var value) ? value.Trim() : "";
}

/// <summary>The rows of a file and the column names found in its header.</summary>
public sealed record TabularData(IReadOnlyList<string> Columns, IReadOnlyList<TabularRow> Rows)
{
    /// <summary>Each recognised column's header as the file writes it ("Sexe" for gender).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The column as the file's reader knows it: its header in the file, or the column's own name when the file lacks it.</summary>
    public string HeaderOf(string column) => Headers.TryGetValue(column, out var header) ? header : column;
}

/// <summary>
/// Reads the tables people send: CSV from Excel on French Windows (UTF-8 with or without BOM, or Windows-1252;
/// comma, semicolon or tab) and XLSX (first sheet). Column names are matched loosely: case, accents and spaces do
/// not matter, and each column can have several names (aliases).
/// </summary>
public static class TabularFile
{
    public const long MaxBytes = 10 * 1024 * 1024;

    static TabularFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Reads a file; <paramref name="aliases"/> maps each canonical column to the header names it may carry.</summary>
    public static TabularData Read(Stream stream, string fileName, IReadOnlyDictionary<string, string[]> aliases)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(aliases);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        if (buffer.Length > MaxBytes)
        {
            throw new DomainRuleException("Import.TooLarge", fileName, MaxBytes / (1024 * 1024));
        }

        var bytes = buffer.ToArray();
        var raw = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? ReadXlsx(bytes, fileName) : ReadCsv(bytes, fileName);
        if (raw.Count == 0)
        {
            throw new DomainRuleException("Import.Empty", fileName);
        }

        var header = raw[0].Cells;
        var map = new Dictionary<int, string>();
        for (var i = 0; i < header.Count; i++)
        {
            var folded = Fold(header[i]);
            var match = aliases.FirstOrDefault(a => a.Value.Any(alias => Fold(alias) == folded) || Fold(a.Key) == folded);
            if (match.Key is not null)
            {
                map[i] = match.Key;
            }
        }

        var rows = new List<TabularRow>();
        foreach (var (number, cells) in raw.Skip(1))
        {
            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (index, column) in map)
            {
                values[column] = index < cells.Count ? cells[index] : "";
            }

            rows.Add(new TabularRow(number, values));
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (index, column) in map)
        {
            headers.TryAdd(column, header[index].Trim());
        }

        return new TabularData([.. map.Values.Distinct()], rows) { Headers = headers };
    }

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise Windows-1252.</summary>
    public static string Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var encoding = DetectEncoding(bytes, out var preamble);
        return encoding.GetString(bytes, preamble, bytes.Length - preamble);
    }

    /// <summary>
    /// The encoding <see cref="Decode"/> uses, without decoding: UTF-8 after a UTF-8 BOM (whose length goes to
    /// <paramref name="preambleLength"/>) or when the bytes are valid UTF-8, otherwise Windows-1252. For large
    /// files read as a stream.
    /// </summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> bytes, out int preambleLength)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            preambleLength = Encoding.UTF8.Preamble.Length;
            return new UTF8Encoding(false);
        }

        preambleLength = 0;
        return System.Text.Unicode.Utf8.IsValid(bytes) ? new UTF8Encoding(false) : Encoding.GetEncoding(1252);
    }

    /// <summary>A column name as headers are compared: no case, accents, spaces, hyphens or underscores.</summary>
    public static string FoldColumnName(string name) => Fold(name);

    private static List<(int Number, List<string> Cells)> ReadCsv(byte[] bytes, string fileName)
    {
        var text = Decode(bytes);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [";", ",", "\t"],
            BadDataFound = null,
            MissingFieldFound = null,
        };
        var rows = new List<(int, List<string>)>();
        try
        {
            using var reader = new StringReader(text);
            using var csv = new CsvReader(reader, config);
            while (csv.Read())
            {
                var cells = new List<string>(csv.Parser.Count);
                for (var i = 0; i < csv.Parser.Count; i++)
                {
                    cells.Add(csv.Parser[i] ?? "");
                }

                rows.Add((csv.Parser.Row, cells));
            }
        }
        catch (CsvHelperException e)
        {
            throw new DomainRuleException("Import.Unreadable", fileName, e.Context?.Parser?.Row ?? 0);
        }

        return rows;
    }

    private static List<(int Number, List<string> Cells)> ReadXlsx(byte[] bytes, string fileName)
    {
        var sheets = ReadSheets(bytes, fileName);
        return sheets.Count == 0 ? throw new DomainRuleException("Import.Empty", fileName) : sheets[0].Rows;
    }

    /// <summary>Every sheet of a workbook, in order, with its name and its rows of cell texts (row numbers as in the file).</summary>
    public static IReadOnlyList<(string Name, List<(int Number, List<string> Cells)> Rows)> ReadSheets(byte[] bytes, string fileName)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new DomainRuleException("Import.Unreadable", fileName, 0);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var sheets = new List<(string, List<(int, List<string>)>)>();
            foreach (var sheet in workbook.Workbook.Sheets?.Elements<Sheet>() ?? [])
            {
                var part = workbook.GetPartById(sheet.Id!) as WorksheetPart ?? throw new DomainRuleException("Import.Unreadable", fileName, 0);
                var rows = new List<(int, List<string>)>();
                foreach (var row in part.Worksheet.Descendants<Row>())
                {
                    var cells = new List<string>();
                    foreach (var cell in row.Elements<Cell>())
                    {
                        var index = ColumnIndex(cell.CellReference?.Value ?? "");
                        while (cells.Count < index)
                        {
                            cells.Add("");
                        }

                        cells.Add(CellText(cell, shared));
                    }

                    rows.Add(((int)(row.RowIndex?.Value ?? (uint)(rows.Count + 1)), cells));
                }

                sheets.Add((sheet.Name?.Value ?? "", rows));
            }

            return sheets;
        }
        catch (Exception e) when (e is DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.IO.InvalidDataException or FileFormatException
            or ArgumentException or FormatException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new DomainRuleException("Import.Unreadable", fileName, 0);
        }
    }

    private static string CellText(Cell cell, List<string> shared)
    {
        var value = cell.CellValue?.Text ?? cell.InnerText;
        if (cell.DataType?.Value == CellValues.SharedString && int.TryParse(value, out var i) && i < shared.Count)
        {
            return shared[i];
        }

        return cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? "" : value ?? "";
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return Math.Max(0, index - 1);
    }

    private static string Fold(string text) => Catalog.CatalogAnalysis.Fold(text).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Trim();
}
