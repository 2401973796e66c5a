using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rempart.Core.Catalog;
using Rempart.Core.Exports;

namespace Rempart.Core.Tests.Catalog;

public sealed partial class CatalogExportTests
{
    private static readonly Lazy<CatalogLoadResult> Loaded = new(() => CatalogLoader.Load(ShippedCatalogTests.Folder));

    private static CatalogDefinition Base => Loaded.Value.Base!;

    private static readonly DateTimeOffset Imported = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [GeneratedRegex("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$")]
    private static partial Regex OscalUuid();

    [GeneratedRegex(@"^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$")]
    private static partial Regex OscalToken();

    private static IEnumerable<JsonElement> Walk(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children.SelectMany(Walk))
        {
            yield return child;
        }
    }

    [Fact]
    public void Oscal_HasRequiredMetadataGroupsControlsAndBackMatter()
    {
        using var json = JsonDocument.Parse(OscalCatalogExporter.Export(Base, "en", Imported));
        var catalog = json.RootElement.GetProperty("catalog");
        OscalUuid().IsMatch(catalog.GetProperty("uuid").GetString()!).Should().BeTrue();
        var metadata = catalog.GetProperty("metadata");
        foreach (var field in new[] { "title", "last-modified", "version", "oscal-version" })
        {
            metadata.GetProperty(field).GetString().Should().NotBeNullOrWhiteSpace(field);
        }

        metadata.GetProperty("oscal-version").GetString().Should().Be("1.2.2");
        metadata.GetProperty("last-modified").GetString().Should().Be("2026-11-29T10:00:00Z");
        var groups = catalog.GetProperty("groups").EnumerateArray().ToList();
        groups.Select(g => g.GetProperty("id").GetString()).Should().Equal("legislative", "regulatory", "institutional", "operational");
        var controls = Walk(catalog.GetProperty("groups")).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("class", out var c) && c.GetString() == "question").ToList();
        controls.Should().HaveCount(Base.Questions.Count);
        controls.Should().OnlyContain(c => c.GetProperty("title").GetString()!.Length > 0 && c.GetProperty("parts").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "statement"));
        catalog.GetProperty("back-matter").GetProperty("resources").GetArrayLength().Should().Be(Base.Instruments.Count + Base.ProvisionCount);
    }

    [Fact]
    public void Oscal_IdsAreUniqueTokensUuidsAreValidAndEveryLinkResolves()
    {
        using var json = JsonDocument.Parse(OscalCatalogExporter.Export(Base, "fr", Imported));
        var objects = Walk(json.RootElement).Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        var ids = objects.Where(o => o.TryGetProperty("id", out _)).Select(o => o.GetProperty("id").GetString()!).ToList();
        ids.Should().OnlyHaveUniqueItems().And.OnlyContain(id => OscalToken().IsMatch(id));
        var uuids = objects.Where(o => o.TryGetProperty("uuid", out _)).Select(o => o.GetProperty("uuid").GetString()!).ToList();
        uuids.Should().OnlyHaveUniqueItems().And.OnlyContain(u => OscalUuid().IsMatch(u));
        var hrefs = objects.Where(o => o.TryGetProperty("href", out _)).Select(o => o.GetProperty("href").GetString()!).ToList();
        hrefs.Should().NotBeEmpty().And.OnlyContain(h => h.StartsWith('#') && uuids.Contains(h.Substring(1)));
        json.RootElement.GetProperty("catalog").GetProperty("metadata").GetProperty("title").GetString().Should().StartWith("Catalogue normatif");
    }

    [Fact]
    public void Oscal_IsStableAcrossExports_AndMarksUnverifiedParagraphs()
    {
        var first = OscalCatalogExporter.Export(Base, "en", Imported);
        OscalCatalogExporter.Export(Base, "en", Imported).Should().Be(first);
        first.Should().Contain("\"value\": \"to-verify\"").And.Contain("(to verify)");
    }

    [Fact]
    public void DeterministicUuid_IsVersion5AndStable()
    {
        var a = DeterministicUuid.Create("rempart-base@2026.2/question/leg-iden-01");
        a.Should().Be(DeterministicUuid.Create("rempart-base@2026.2/question/leg-iden-01"));
        a.Should().NotBe(DeterministicUuid.Create("rempart-base@2026.2/question/leg-iden-02"));
        OscalUuid().IsMatch(a.ToString()).Should().BeTrue();
        a.ToString()[14].Should().Be('5');
    }

    [Fact]
    public void Workbook_OpensWithEverySheetAndBothLanguages()
    {
        var bytes = CatalogWorkbookExporter.Export(Base);
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheets = workbook.Workbook.Sheets!.Elements<Sheet>().ToList();
        sheets.Select(s => s.Name!.Value).Should().Equal("About", "Instruments", "Provisions", "Questions", "Levels", "Templates", "Matrix");

        string[] Row(string sheet, int index)
        {
            var part = (WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == sheet).Id!);
            var row = part.Worksheet.Descendants<Row>().ElementAt(index);
            return [.. row.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? "")];
        }

        int Rows(string sheet) => ((WorksheetPart)workbook.GetPartById(sheets.Single(s => s.Name == sheet).Id!)).Worksheet.Descendants<Row>().Count();

        Rows("Questions").Should().Be(Base.Questions.Count + 1);
        Rows("Levels").Should().Be(Base.Questions.Count * 5 + 1);
        Rows("Provisions").Should().Be(Base.ProvisionCount + 1);
        Row("Questions", 0).Should().Contain(["Question (EN)", "Question (FR)"]);
        var firstQuestion = Row("Questions", 1);
        firstQuestion[0].Should().Be(Base.Questions[0].Id);
        firstQuestion[6].Should().Be(Base.Questions[0].Text.Fr);
        Enumerable.Range(1, Base.ProvisionCount).Select(i => Row("Provisions", i)[4]).Should().Contain("TO VERIFY / À VÉRIFIER");
        Row("Provisions", 0)[2..4].Should().Equal("Paragraph (EN)", "Paragraphe (FR)");
        Enumerable.Range(1, Base.ProvisionCount).Select(i => Row("Provisions", i)).Should().Contain(r => r[2] == "OP 5" && r[3] == "Par. 5 du dispositif");
    }
}
