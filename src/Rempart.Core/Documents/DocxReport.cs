using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Rempart.Core.Documents;

/// <summary>
/// Renders a <see cref="Report"/> as a Word document with real styles: a cover page, a table of contents, headings
/// numbered 1, 1.1, 1.1.1 that fill the navigation pane, page numbers, the classification in every header and
/// footer, landscape sections for wide tables whose header row repeats on each page, and charts as pictures.
/// </summary>
public static class DocxReport
{
    private const int PortraitWidth = 11906;
    private const int PortraitHeight = 16838;
    private const int Margin = 1134;

    public static byte[] Render(Report report, string pageLabel)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body());
            var body = main.Document.Body!;
            AddStyles(main, report.Language);
            AddNumbering(main);
            var settings = main.AddNewPart<DocumentSettingsPart>();
            settings.Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(Para(report.Classification, "Classification"));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(
                new ParagraphProperties(new ParagraphStyleId { Val = "Classification" }),
                new Run(new Text(report.Classification + "    " + pageLabel + " ") { Space = SpaceProcessingModeValues.Preserve }),
                new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " }));
            var headerId = main.GetIdOfPart(header);
            var footerId = main.GetIdOfPart(footer);

            // Cover page.
            body.Append(Para(report.Classification, "Classification"));
            body.Append(Para(report.Title, "Title"));
            body.Append(Para(report.Subtitle, "Subtitle"));
            body.Append(Para(report.Date, "Subtitle"));
            body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

            // Table of contents: Word fills it when the document opens (fields are updated on open).
            body.Append(Para(report.ContentsTitle, "TOCHeading"));
            // The field's result is filled with the numbered headings, so that readers who do not update fields
            // (and the PDF made by LibreOffice) still see the contents; Word recomputes it with page numbers.
            var entries = new List<(int Level, string Text)>();
            var numbers = new int[4];
            foreach (var h in report.Blocks.OfType<HeadingBlock>())
            {
                var number = Report.Number(numbers, h.Level);
                if (h.Level <= 2)
                {
                    entries.Add((h.Level, $"{number}. {h.Text}"));
                }
            }

            for (var i = 0; i < Math.Max(1, entries.Count); i++)
            {
                var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = entries.Count == 0 || entries[i].Level == 1 ? "TOC1" : "TOC2" }));
                if (i == 0)
                {
                    paragraph.Append(
                        new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }),
                        new Run(new FieldCode(" TOC \\o \"1-3\" \\h \\z \\u ") { Space = SpaceProcessingModeValues.Preserve }),
                        new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }));
                }

                paragraph.Append(new Run(new Text(entries.Count == 0 ? report.ContentsTitle : entries[i].Text) { Space = SpaceProcessingModeValues.Preserve }));
                if (i == Math.Max(1, entries.Count) - 1)
                {
                    paragraph.Append(new Run(new FieldChar { FieldCharType = FieldCharValues.End }));
                }

                body.Append(paragraph);
            }

            body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

            uint imageId = 1;
            foreach (var block in report.Blocks)
            {
                switch (block)
                {
                    case HeadingBlock h:
                        body.Append(Para(h.Text, $"Heading{h.Level}"));
                        break;
                    case ParagraphBlock p:
                        body.Append(p.Emphasis ? new Paragraph(new Run(new RunProperties(new Italic()), new Text(p.Text) { Space = SpaceProcessingModeValues.Preserve })) : Para(p.Text, null));
                        break;
                    case BulletsBlock b:
                        foreach (var item in b.Items)
                        {
                            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "ListBullet" }, new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 2 })),
                                new Run(new Text(item) { Space = SpaceProcessingModeValues.Preserve })));
                        }

                        break;
                    case TableBlock t when t.Landscape:
                        // The portrait pages before end here; the table gets landscape pages of its own.
                        body.Append(new Paragraph(new ParagraphProperties(Section(headerId, footerId, landscape: false))));
                        AppendTable(body, t, PortraitHeight - (2 * Margin));
                        body.Append(new Paragraph(new ParagraphProperties(Section(headerId, footerId, landscape: true))));
                        break;
                    case TableBlock t:
                        AppendTable(body, t, PortraitWidth - (2 * Margin));
                        break;
                    case ImageBlock i:
                        body.Append(Picture(main, i, imageId++));
                        body.Append(Para(i.Caption, "Caption"));
                        AppendTable(body, i.Data, PortraitWidth - (2 * Margin));
                        break;
                }
            }

            body.Append(Section(headerId, footerId, landscape: false));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Paragraph Para(string text, string? style)
    {
        var paragraph = new Paragraph();
        if (style is not null)
        {
            paragraph.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        }

        var lines = text.Split('\n');
        var run = new Run();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        paragraph.Append(run);
        return paragraph;
    }

    private static SectionProperties Section(string headerId, string footerId, bool landscape) => new(
        new HeaderReference { Type = HeaderFooterValues.Default, Id = headerId },
        new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
        landscape
            ? new PageSize { Width = PortraitHeight, Height = PortraitWidth, Orient = PageOrientationValues.Landscape }
            : new PageSize { Width = PortraitWidth, Height = PortraitHeight },
        new PageMargin { Top = Margin, Bottom = Margin, Left = Margin, Right = Margin, Header = 567, Footer = 567, Gutter = 0 });

    private static void AppendTable(Body body, TableBlock t, int width)
    {
        if (t.Caption is not null)
        {
            body.Append(Para(t.Caption, "Caption"));
        }

        var columns = Math.Max(1, t.Headers.Count);
        var columnWidth = width / columns;
        var table = new Table(new TableProperties(
            new TableStyle { Val = "ReportTable" },
            new TableWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid([.. Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = columnWidth.ToString(System.Globalization.CultureInfo.InvariantCulture) })]));
        table.Append(Row(t.Headers, columnWidth, header: true));
        foreach (var row in t.Rows)
        {
            table.Append(Row(row, columnWidth, header: false));
        }

        body.Append(table);
        body.Append(new Paragraph());
    }

    private static TableRow Row(IReadOnlyList<string> cells, int width, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            // The header row repeats at the top of every page the table runs onto.
            row.Append(new TableRowProperties(new TableHeader(), new CantSplit()));
        }

        foreach (var text in cells)
        {
            var paragraph = Para(text, header ? "TableHeading" : "TableText");
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
                header ? new Shading { Val = ShadingPatternValues.Clear, Fill = "DCE6F1", Color = "auto" } : new Shading { Val = ShadingPatternValues.Clear, Fill = "FFFFFF", Color = "auto" }), paragraph));
        }

        return row;
    }

    private static Paragraph Picture(MainDocumentPart main, ImageBlock image, uint id)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var data = new MemoryStream(image.Png))
        {
            part.FeedData(data);
        }

        var relationship = main.GetIdOfPart(part);
        const long EmuPerPixel = 9525;
        var widthEmu = Math.Min(image.WidthPx * EmuPerPixel, (PortraitWidth - (2 * Margin)) * 635L);
        var heightEmu = widthEmu * image.HeightPx / Math.Max(1, image.WidthPx);
        var name = $"chart{id}.png";
        var graphic = new A.Graphic(new A.GraphicData(
            new PIC.Picture(
                new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = id, Name = name, Description = image.Caption }, new PIC.NonVisualPictureDrawingProperties()),
                new PIC.BlipFill(new A.Blip { Embed = relationship }, new A.Stretch(new A.FillRectangle())),
                new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = widthEmu, Cy = heightEmu }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
        { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" });
        var inline = new DW.Inline(
            new DW.Extent { Cx = widthEmu, Cy = heightEmu },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = id, Name = name, Description = image.Caption },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            graphic)
        { DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0 };
        return new Paragraph(new Run(new Drawing(inline)));
    }

    private static void AddStyles(MainDocumentPart main, string language)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var lang = language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr-FR" : "en-GB";
        Style Paragraph(string id, string name, int size, bool bold = false, string? color = null, int? outline = null, int before = 0, int after = 120, string? basedOn = "Normal", int? numbering = null, JustificationValues? justify = null)
        {
            // Schema order: fonts, bold, colour, size.
            var runProperties = new StyleRunProperties(new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial" });
            if (bold)
            {
                runProperties.Append(new Bold());
            }

            if (color is not null)
            {
                runProperties.Append(new Color { Val = color });
            }

            runProperties.Append(new FontSize { Val = (size * 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });

            var paragraphProperties = new StyleParagraphProperties();
            if (outline is not null)
            {
                paragraphProperties.Append(new KeepNext());
            }

            if (numbering is { } level)
            {
                paragraphProperties.Append(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = 1 }));
            }

            paragraphProperties.Append(new SpacingBetweenLines { Before = before.ToString(System.Globalization.CultureInfo.InvariantCulture), After = after.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            if (justify is { } j)
            {
                paragraphProperties.Append(new Justification { Val = j });
            }

            if (outline is { } o)
            {
                paragraphProperties.Append(new OutlineLevel { Val = o });
            }

            var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id };
            if (basedOn is not null)
            {
                style.Append(new BasedOn { Val = basedOn });
            }

            style.Append(new PrimaryStyle());
            style.Append(paragraphProperties);
            style.Append(runProperties);
            return style;
        }

        part.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Arial", HighAnsi = "Arial", ComplexScript = "Arial" }, new FontSize { Val = "20" }, new Languages { Val = lang })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto }))),
            Paragraph("Normal", "Normal", 10, basedOn: null),
            Paragraph("Title", "Title", 26, bold: true, color: "0B3D6B", before: 2400, after: 480),
            Paragraph("Subtitle", "Subtitle", 14, color: "333333", after: 240),
            Paragraph("Heading1", "heading 1", 16, bold: true, color: "0B3D6B", outline: 0, before: 360, after: 160, numbering: 0),
            Paragraph("Heading2", "heading 2", 13, bold: true, color: "0B5CAD", outline: 1, before: 240, after: 120, numbering: 1),
            Paragraph("Heading3", "heading 3", 11, bold: true, color: "333333", outline: 2, before: 200, after: 100, numbering: 2),
            Paragraph("TOCHeading", "TOC Heading", 16, bold: true, color: "0B3D6B", after: 240),
            Paragraph("TOC1", "toc 1", 10, bold: true, after: 60),
            Paragraph("TOC2", "toc 2", 10, after: 40),
            Paragraph("Caption", "caption", 9, bold: true, color: "333333", before: 120, after: 60),
            Paragraph("Classification", "Classification", 9, bold: true, color: "B45309", after: 0, justify: JustificationValues.Right),
            Paragraph("TableHeading", "Table Heading", 9, bold: true, after: 0),
            Paragraph("TableText", "Table Text", 9, after: 0),
            Paragraph("ListBullet", "List Bullet", 10, after: 60),
            new Style(new StyleName { Val = "Report Table" }, new BasedOn { Val = "TableNormal" }) { Type = StyleValues.Table, StyleId = "ReportTable" },
            new Style(new StyleName { Val = "Normal Table" }, new UIPriority { Val = 99 }, new SemiHidden(), new UnhideWhenUsed(),
                new StyleTableProperties(new TableIndentation { Width = 0, Type = TableWidthUnitValues.Dxa },
                    new TableCellMarginDefault(new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellLeftMargin { Width = 108, Type = TableWidthValues.Dxa },
                        new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa }, new TableCellRightMargin { Width = 108, Type = TableWidthValues.Dxa })))
            { Type = StyleValues.Table, StyleId = "TableNormal", Default = true });
    }

    /// <summary>Numbering 1: headings 1, 1.1, 1.1.1; numbering 2: bullets.</summary>
    private static void AddNumbering(MainDocumentPart main)
    {
        var part = main.AddNewPart<NumberingDefinitionsPart>();
        Level HeadingLevel(int level, string text, string style) => new(
            new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new ParagraphStyleIdInLevel { Val = style },
            new LevelText { Val = text }, new LevelJustification { Val = LevelJustificationValues.Left },
            new PreviousParagraphProperties(new Indentation { Left = (432 + (144 * level)).ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = (432 + (144 * level)).ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        { LevelIndex = level };
        part.Numbering = new Numbering(
            new AbstractNum(
                new MultiLevelType { Val = MultiLevelValues.Multilevel },
                HeadingLevel(0, "%1.", "Heading1"), HeadingLevel(1, "%1.%2.", "Heading2"), HeadingLevel(2, "%1.%2.%3.", "Heading3"))
            { AbstractNumberId = 1 },
            new AbstractNum(
                new MultiLevelType { Val = MultiLevelValues.SingleLevel },
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" },
                    new LevelJustification { Val = LevelJustificationValues.Left }, new PreviousParagraphProperties(new Indentation { Left = "360", Hanging = "360" }))
                { LevelIndex = 0 })
            { AbstractNumberId = 2 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 },
            new NumberingInstance(new AbstractNumId { Val = 2 }) { NumberID = 2 });
    }
}
