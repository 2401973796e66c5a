using System.Net;
using System.Text;

namespace Rempart.Core.Documents;

/// <summary>A block of a report: what the Word, Markdown and HTML editions all render.</summary>
public abstract record ReportBlock;

public sealed record HeadingBlock(int Level, string Text) : ReportBlock;

public sealed record ParagraphBlock(string Text, bool Emphasis = false) : ReportBlock;

public sealed record BulletsBlock(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A table; a landscape table gets a landscape section of its own in Word, its header row repeated on each page.</summary>
public sealed record TableBlock(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, bool Landscape = false, string? Caption = null) : ReportBlock;

/// <summary>A chart: the PNG for Word, and its numbers as a table for every edition.</summary>
public sealed record ImageBlock(byte[] Png, int WidthPx, int HeightPx, string Caption, TableBlock Data) : ReportBlock;

/// <summary>
/// A report built once and rendered as Word, Markdown or HTML. The cover carries the title, subtitle, date and the
/// classification, which every page also carries in its header and footer.
/// </summary>
public sealed class Report(string language, string title, string subtitle, string date, string classification, string contentsTitle)
{
    public string Language { get; } = language;

    public string Title { get; } = title;

    public string Subtitle { get; } = subtitle;

    public string Date { get; } = date;

    public string Classification { get; } = classification;

    public string ContentsTitle { get; } = contentsTitle;

    public List<ReportBlock> Blocks { get; } = [];

    public Report Heading(int level, string text)
    {
        Blocks.Add(new HeadingBlock(level, text));
        return this;
    }

    public Report Paragraph(string text, bool emphasis = false)
    {
        Blocks.Add(new ParagraphBlock(text, emphasis));
        return this;
    }

    public Report Bullets(IReadOnlyList<string> items)
    {
        Blocks.Add(new BulletsBlock(items));
        return this;
    }

    public Report Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, bool landscape = false, string? caption = null)
    {
        Blocks.Add(new TableBlock(headers, rows, landscape, caption));
        return this;
    }

    public Report Image(byte[] png, int width, int height, string caption, TableBlock data)
    {
        Blocks.Add(new ImageBlock(png, width, height, caption, data));
        return this;
    }

    /// <summary>Markdown (CommonMark with pipe tables): headings numbered as in Word.</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.Append("**").Append(Classification).Append("**\n\n# ").Append(Title).Append("\n\n").Append(Subtitle).Append("\n\n").Append(Date).Append("\n\n");
        var numbers = new int[4];
        foreach (var block in Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    md.Append(new string('#', h.Level + 1)).Append(' ').Append(Number(numbers, h.Level)).Append(' ').Append(Escape(h.Text)).Append("\n\n");
                    break;
                case ParagraphBlock p:
                    md.Append(p.Emphasis ? $"*{Escape(p.Text)}*" : Escape(p.Text)).Append("\n\n");
                    break;
                case BulletsBlock b:
                    foreach (var item in b.Items)
                    {
                        md.Append("- ").Append(Escape(item)).Append('\n');
                    }

                    md.Append('\n');
                    break;
                case TableBlock t:
                    AppendTable(md, t);
                    break;
                case ImageBlock i:
                    md.Append('*').Append(Escape(i.Caption)).Append("*\n\n");
                    AppendTable(md, i.Data);
                    break;
            }
        }

        md.Append("**").Append(Classification).Append("**\n");
        return md.ToString();
    }

    private static void AppendTable(StringBuilder md, TableBlock t)
    {
        if (t.Caption is not null)
        {
            md.Append('*').Append(Escape(t.Caption)).Append("*\n\n");
        }

        md.Append("| ").Append(string.Join(" | ", t.Headers.Select(Cell))).Append(" |\n");
        md.Append('|').Append(string.Concat(t.Headers.Select(_ => " --- |"))).Append('\n');
        foreach (var row in t.Rows)
        {
            md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        }

        md.Append('\n');
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings("<br>");

    private static string Escape(string text) => text.Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>Section numbers as Word shows them: 1, 1.1, 1.1.1.</summary>
    internal static string Number(int[] numbers, int level)
    {
        numbers[level]++;
        for (var i = level + 1; i < numbers.Length; i++)
        {
            numbers[i] = 0;
        }

        return string.Join('.', numbers.Skip(1).Take(level));
    }

    /// <summary>A standalone, script-free HTML page with the same content.</summary>
    public string ToHtml()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(Language).Append("\"><head><meta charset=\"utf-8\"><title>").Append(E(Title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.45}table{border-collapse:collapse;margin:1rem 0}")
            .Append("th,td{border:1px solid #999;padding:.3rem .5rem;vertical-align:top;text-align:left}.tlp{font-weight:bold;text-align:right}</style></head><body>")
            .Append("<p class=\"tlp\">").Append(E(Classification)).Append("</p><h1>").Append(E(Title)).Append("</h1><p>").Append(E(Subtitle)).Append("</p><p>").Append(E(Date)).Append("</p>");
        var numbers = new int[4];
        foreach (var block in Blocks)
        {
            switch (block)
            {
                case HeadingBlock h:
                    html.Append("<h").Append(h.Level + 1).Append('>').Append(Number(numbers, h.Level)).Append(' ').Append(E(h.Text)).Append("</h").Append(h.Level + 1).Append('>');
                    break;
                case ParagraphBlock p:
                    html.Append(p.Emphasis ? "<p><em>" : "<p>").Append(E(p.Text)).Append(p.Emphasis ? "</em></p>" : "</p>");
                    break;
                case BulletsBlock b:
                    html.Append("<ul>").Append(string.Concat(b.Items.Select(i => $"<li>{E(i)}</li>"))).Append("</ul>");
                    break;
                case TableBlock t:
                    HtmlTable(html, t);
                    break;
                case ImageBlock i:
                    html.Append("<figure><img alt=\"").Append(E(i.Caption)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(i.Png))
                        .Append("\" style=\"max-width:100%\"><figcaption>").Append(E(i.Caption)).Append("</figcaption></figure>");
                    HtmlTable(html, i.Data);
                    break;
            }
        }

        html.Append("<p class=\"tlp\">").Append(E(Classification)).Append("</p></body></html>");
        return html.ToString();

        static void HtmlTable(StringBuilder html, TableBlock t)
        {
            html.Append("<table>");
            if (t.Caption is not null)
            {
                html.Append("<caption>").Append(E(t.Caption)).Append("</caption>");
            }

            html.Append("<thead><tr>").Append(string.Concat(t.Headers.Select(h => $"<th scope=\"col\">{E(h)}</th>"))).Append("</tr></thead><tbody>");
            foreach (var row in t.Rows)
            {
                html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c).ReplaceLineEndings("<br>")}</td>"))).Append("</tr>");
            }

            html.Append("</tbody></table>");
        }
    }
}
