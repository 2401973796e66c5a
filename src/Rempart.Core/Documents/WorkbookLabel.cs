using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rempart.Core.Documents;

/// <summary>
/// Prints a workbook's TLP label on every page: the header and the footer of each sheet (with the page number), as
/// the label of a document must be. Cells are not touched, so an offline questionnaire keeps its checksum.
/// </summary>
public static class WorkbookLabel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Elements a worksheet keeps after its header and footer, in the schema's order.
    private static readonly HashSet<string> After =
    [
        "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
        "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
    ];

    public static byte[] Stamp(byte[] workbook, string label)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            foreach (var part in document.WorkbookPart?.WorksheetParts ?? [])
            {
                var sheet = part.Worksheet;
                if (sheet is null)
                {
                    continue;
                }

                sheet.RemoveAllChildren<HeaderFooter>();
                var text = "&C&\"-,Bold\"" + label.Replace("&", "&&", StringComparison.Ordinal);
                var headerFooter = new HeaderFooter(new OddHeader(text), new OddFooter(text + "&R&P / &N"));
                var next = sheet.ChildElements.FirstOrDefault(e => After.Contains(e.LocalName));
                if (next is null)
                {
                    sheet.Append(headerFooter);
                }
                else
                {
                    sheet.InsertBefore(headerFooter, next);
                }
            }
        }

        return stream.ToArray();
    }

    /// <summary>The labels a workbook carries in its sheets' headers (what a reader or a test sees).</summary>
    public static IReadOnlyList<string> Read(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook, writable: false);
        using var document = SpreadsheetDocument.Open(stream, false);
        return
        [
            .. (document.WorkbookPart?.WorksheetParts ?? []).Select(p => p.Worksheet?.GetFirstChild<HeaderFooter>()?.OddHeader?.Text ?? "")
                .Select(t => t.Replace("&C&\"-,Bold\"", "", StringComparison.Ordinal).Replace("&&", "&", StringComparison.Ordinal)),
        ];
    }
}
