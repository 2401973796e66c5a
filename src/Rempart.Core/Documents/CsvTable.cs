using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Rempart.Core.Documents;

/// <summary>Writes a table as CSV (CsvHelper: quotes doubled where needed), UTF-8 with a BOM so that spreadsheets read accents right.</summary>
public static class CsvTable
{
    public static byte[] Write(SheetData table, string delimiter, string? newLine = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter };
        if (newLine is not null)
        {
            configuration.NewLine = newLine;
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, configuration))
        {
            foreach (var header in table.Headers)
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(writer.ToString())];
    }
}
