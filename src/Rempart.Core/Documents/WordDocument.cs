using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Rempart.Core.Documents;

/// <summary>
/// A small builder for editable Word documents (DOCX) with real heading styles, so that readers get a navigation
/// pane and a table of contents, and tables with a repeated header row.
/// </summary>
public sealed class WordDocument
{
    private readonly List<OpenXmlElement> _body = [];

    public string Language { get; }

    /// <summary>The TLP label printed in the header and the footer of every page; none when null.</summary>
    public string? Classification { get; }

    public WordDocument(string language, string? classification = null)
    {
        Language = language;
        Classification = classification;
    }

    public WordDocument Heading(string text, int level = 1)
    {
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = $"Heading{level}" }), Run(text)));
        return this;
    }

    public WordDocument Paragraph(string text, bool italic = false)
    {
        var run = Run(text);
        if (italic)
        {
            run.RunProperties = new RunProperties(new Italic());
        }

        _body.Add(new Paragraph(run));
        return this;
    }

    public WordDocument Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<int>? widthsInTwips = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var table = new Table(new TableProperties(
            new TableStyle { Val = "TableGrid" },
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        table.Append(Row(headers, header: true, widthsInTwips));
        foreach (var row in rows)
        {
            table.Append(Row(row, header: false, widthsInTwips));
        }

        _body.Add(table);
        _body.Add(new Paragraph());
        return this;
    }

    public byte[] ToBytes(string title)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = title;
            document.PackageProperties.Language = Language;
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();
            var section = new SectionProperties();
            if (Classification is { } label)
            {
                // The label on every page, top and bottom, right-aligned and bold, as TLP asks.
                var header = main.AddNewPart<HeaderPart>();
                header.Header = new Header(Label(label));
                var footer = main.AddNewPart<FooterPart>();
                footer.Footer = new Footer(Label(label));
                section.Append(
                    new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
                    new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) });
            }

            section.Append(new PageSize { Width = 11906, Height = 16838 }, new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 567, Footer = 567 });
            main.Document = new Document(new Body([.. _body.Select(e => e.CloneNode(true)), section]));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Label(string label) =>
        new(new ParagraphProperties(new Justification { Val = JustificationValues.Right }),
            new Run(new RunProperties(new Bold(), new Color { Val = "B45309" }), new Text(label)));

    private static Run Run(string text) => new(new Text(text) { Space = SpaceProcessingModeValues.Preserve });

    private static TableRow Row(IReadOnlyList<string> cells, bool header, IReadOnlyList<int>? widths)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        for (var i = 0; i < cells.Count; i++)
        {
            var run = Run(cells[i]);
            if (header)
            {
                run.RunProperties = new RunProperties(new Bold());
            }

            var cell = new TableCell(new Paragraph(run));
            if (widths is not null && i < widths.Count)
            {
                cell.PrependChild(new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
            }

            row.Append(cell);
        }

        return row;
    }

    private Styles Styles()
    {
        Style Heading(int level, int size) => new(
            new StyleName { Val = $"heading {level}" }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }, new OutlineLevel { Val = level - 1 }),
            new StyleRunProperties(new Bold(), new Color { Val = "0B3D63" }, new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        { Type = StyleValues.Paragraph, StyleId = $"Heading{level}" };

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Liberation Sans", HighAnsi = "Liberation Sans", ComplexScript = "Liberation Sans" },
                    new FontSize { Val = "21" }, new Languages { Val = Language == "fr" ? "fr-FR" : "en-GB" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "80" }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Heading(1, 32), Heading(2, 26), Heading(3, 22),
            new Style(new StyleName { Val = "Table Grid" }) { Type = StyleValues.Table, StyleId = "TableGrid" });
    }
}
