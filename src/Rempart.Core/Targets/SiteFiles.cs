using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rempart.Core.Data;

namespace Rempart.Core.Targets;

/// <summary>
/// Reads site files row by row without holding them: CSV (UTF-8 with or without BOM, else Windows-1252; comma,
/// semicolon or tab, told by the header), XLSX (first sheet, read as a stream of rows) and GeoJSON (a
/// FeatureCollection of Point features whose properties carry the same columns). The header must hold the twelve
/// required columns; any column the format does not document is refused with its name.
/// </summary>
public static class SiteFiles
{
    private static readonly string[] Delimiters = [",", ";", "\t"];

    public const long MaxGeoJsonBytes = 256L * 1024 * 1024;

    static SiteFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool IsSupported(string fileName) => FormatOf(fileName) is not null;

    public static string? FormatOf(string fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".csv" or ".txt" => "csv",
        ".xlsx" => "xlsx",
        ".geojson" or ".json" => "geojson",
        _ => null,
    };

    /// <summary>The rows of a file, numbered as people see them (CSV and XLSX: the line or row number; GeoJSON: the feature's position).</summary>
    public static IEnumerable<(int Row, SiteRow Site)> Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var format = FormatOf(fileName);
        return Damaged(format switch
        {
            "csv" => ReadCsv(stream, fileName),
            "xlsx" => ReadXlsx(stream, fileName),
            "geojson" => ReadGeoJson(stream, fileName),
            _ => throw new DomainRuleException("Sites.Import.Format", fileName),
        }, fileName, format!);
    }

    /// <summary>
    /// A damaged file (a broken ZIP or XML inside an XLSX, bytes that are not UTF-8 inside JSON) stops the import with
    /// a clear error naming the file and what to do, not with the library's own exception.
    /// </summary>
    private static IEnumerable<(int Row, SiteRow Site)> Damaged(IEnumerable<(int Row, SiteRow Site)> rows, string fileName, string format)
    {
        using var e = rows.GetEnumerator();
        var row = 0;
        while (true)
        {
            (int Row, SiteRow Site) current;
            try
            {
                if (!e.MoveNext())
                {
                    break;
                }

                current = e.Current;
            }
            catch (Exception x) when (x is System.Xml.XmlException or InvalidDataException or InvalidOperationException or ArgumentException or FormatException
                or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.Text.Json.JsonException
                or System.Text.DecoderFallbackException)
            {
                throw new DomainRuleException("Sites.Import.Damaged", fileName, format.ToUpperInvariant(), row);
            }

            row = current.Row;
            yield return current;
        }
    }

    /// <summary>True when the stream (read to its end, then put back) is valid UTF-8; read in blocks, never whole.</summary>
    public static bool IsUtf8(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = stream.Position;
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var buffer = new byte[1 << 16];
        var chars = new char[buffer.Length + 4];
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(buffer, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static Dictionary<int, string> Header(IReadOnlyList<string> cells, string fileName)
    {
        var map = new Dictionary<int, string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var name = cells[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            if (name.Length == 0)
            {
                continue;
            }

            if (!SiteRules.Columns.Contains(name))
            {
                throw new DomainRuleException("Sites.Import.UnknownColumn", fileName, cells[i], string.Join(", ", SiteRules.Columns));
            }

            if (map.ContainsValue(name))
            {
                throw new DomainRuleException("Sites.Import.ColumnTwice", fileName, name);
            }

            map[i] = name;
        }

        var missing = SiteRules.RequiredColumns.Where(c => !map.ContainsValue(c)).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException("Sites.Import.MissingColumns", fileName, string.Join(", ", missing));
        }

        return map;
    }

    // Columns: code 0, name_fr 1, name_en 2, kind 3, sector 4, category 5, operator 6, latitude 7, longitude 8, region 9,
    // capacity 10, classification 11, subsector 12, measures 13, valid_from 14, valid_to 15.
    private static SiteRow Row(Func<int, string?> get) => new(
        get(0) ?? "", get(1), get(2), get(3), get(4), get(12), get(5), get(6), get(7), get(8), get(9), get(10), get(11), get(13), get(14), get(15));

    private static SiteRow Row(string[] record, int[] positions)
    {
        string? Get(int c) => positions[c] is var at && at >= 0 && at < record.Length ? record[at] : null;
        return new SiteRow(Get(0) ?? "", Get(1), Get(2), Get(3), Get(4), Get(12), Get(5), Get(6), Get(7), Get(8), Get(9), Get(10), Get(11), Get(13), Get(14), Get(15));
    }

    /// <summary>True when every cell from <paramref name="from"/> on is empty or white space.</summary>
    private static bool AllBlank(string[] record, int from)
    {
        for (var i = from; i < record.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(record[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For each documented column (by position in <see cref="SiteRules.Columns"/>), its cell index in the file, or -1.</summary>
    private static int[] Positions(Dictionary<int, string> map) =>
        [.. SiteRules.Columns.Select(c => map.Where(p => p.Value == c).Select(p => p.Key).DefaultIfEmpty(-1).First())];

    private static IEnumerable<(int, SiteRow)> ReadCsv(Stream stream, string fileName)
    {
        var encoding = !stream.CanSeek || IsUtf8(stream) ? (Encoding)new UTF8Encoding(false) : Encoding.GetEncoding(1252);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var headerLine = reader.ReadLine() ?? throw new DomainRuleException("Import.Empty", fileName);
        var delimiter = Delimiters.OrderByDescending(d => headerLine.Split(d).Length).First();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, Delimiter = delimiter, BadDataFound = null, MissingFieldFound = null };
        using (var headerParser = new CsvParser(new StringReader(headerLine), config))
        {
            headerParser.Read();
            var map = Header(headerParser.Record ?? [], fileName);
            var positions = Positions(map);
            var lastColumn = map.Keys.Max();
            using var parser = new CsvParser(reader, config);
            var line = 1;
            while (true)
            {
                bool more;
                try
                {
                    more = parser.Read();
                }
                catch (CsvHelperException)
                {
                    throw new DomainRuleException("Import.Unreadable", fileName, line + 1);
                }

                if (!more)
                {
                    yield break;
                }

                line = parser.Row + 1;
                var record = parser.Record ?? [];
                if (AllBlank(record, 0))
                {
                    continue;
                }

                if (record.Length > map.Count && !AllBlank(record, lastColumn + 1))
                {
                    throw new DomainRuleException("Sites.Import.ExtraCells", fileName, line);
                }

                yield return (line, Row(record, positions));
            }
        }
    }

    private static IEnumerable<(int, SiteRow)> ReadXlsx(Stream stream, string fileName)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or System.Xml.XmlException)
        {
            throw new DomainRuleException("Import.Unreadable", fileName, 0);
        }

        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new DomainRuleException("Import.Unreadable", fileName, 0);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new DomainRuleException("Import.Empty", fileName);
            var part = workbook.GetPartById(first.Id!) as WorksheetPart ?? throw new DomainRuleException("Import.Unreadable", fileName, 0);
            using var reader = DocumentFormat.OpenXml.OpenXmlReader.Create(part);
            Dictionary<int, string>? map = null;
            var positions = Array.Empty<int>();
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var index = ColumnIndex(cell.CellReference?.Value ?? "", cells.Count);
                    while (cells.Count < index)
                    {
                        cells.Add("");
                    }

                    var value = cell.CellValue?.Text ?? cell.InnerText;
                    cells.Add(cell.DataType?.Value == CellValues.SharedString && int.TryParse(value, out var i) && i < shared.Count ? shared[i]
                        : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString?.InnerText ?? "" : value ?? "");
                }

                var number = (int)(row.RowIndex?.Value ?? 0);
                if (map is null)
                {
                    map = Header(cells, fileName);
                    positions = Positions(map);
                    continue;
                }

                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                yield return (number, Row(c => positions[c] is var at && at >= 0 && at < cells.Count ? cells[at] : null));
            }

            if (map is null)
            {
                throw new DomainRuleException("Import.Empty", fileName);
            }
        }
    }

    private static int ColumnIndex(string reference, int fallback)
    {
        if (reference.Length == 0)
        {
            return fallback;
        }

        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return index - 1;
    }

    private static IEnumerable<(int, SiteRow)> ReadGeoJson(Stream stream, string fileName)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxGeoJsonBytes)
        {
            throw new DomainRuleException("Import.TooLarge", fileName, MaxGeoJsonBytes / (1024 * 1024));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new DomainRuleException("Sites.Import.GeoJson", fileName, e.LineNumber + 1 ?? 0, e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "FeatureCollection"
                || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new DomainRuleException("Sites.Import.GeoJsonShape", fileName);
            }

            var number = 0;
            foreach (var feature in features.EnumerateArray())
            {
                number++;
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                if (feature.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in properties.EnumerateObject())
                    {
                        var name = p.Name.ToLowerInvariant();
                        if (name is "latitude" or "longitude" || !SiteRules.Columns.Contains(name))
                        {
                            throw new DomainRuleException("Sites.Import.GeoJsonProperty", fileName, number, p.Name);
                        }

                        values[name] = p.Value.ValueKind switch
                        {
                            JsonValueKind.String => p.Value.GetString(),
                            JsonValueKind.Number => p.Value.GetRawText(),
                            JsonValueKind.Array => string.Join(';', p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                            JsonValueKind.Null => null,
                            _ => p.Value.GetRawText(),
                        };
                    }
                }

                if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object)
                {
                    if (!geometry.TryGetProperty("type", out var gt) || gt.GetString() != "Point" || !geometry.TryGetProperty("coordinates", out var coordinates)
                        || coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() < 2 || coordinates[0].ValueKind != JsonValueKind.Number || coordinates[1].ValueKind != JsonValueKind.Number)
                    {
                        throw new DomainRuleException("Sites.Import.GeoJsonPoint", fileName, number);
                    }

                    values["longitude"] = coordinates[0].GetRawText();
                    values["latitude"] = coordinates[1].GetRawText();
                }

                yield return (number, Row(c => values.GetValueOrDefault(SiteRules.Columns[c])));
            }
        }
    }
}
