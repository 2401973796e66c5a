using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rempart.Core.Catalog;
using Rempart.Core.Questionnaires;

namespace Rempart.Fuzz;

/// <summary>One small valid input per target, written by the product's own writers where it has them: where fuzzing starts.</summary>
public static class Seeds
{
    private const string SitesCsv =
        "code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification,measures\n" +
        "CIV-EL-001,Poste de Vridi,Vridi substation,ci,energy,,MMPE,5.2585,-4.0063,Abidjan,,TLP:AMBER,access-control;cctv\n" +
        "CIV-ST-001,Stade Félix-Houphouët-Boigny,Félix Houphouët-Boigny stadium,soft,,stadiums-sports-venues,Ministère des Sports,5.3197,-4.0189,Abidjan,35000,TLP:GREEN,\n";

    public static IReadOnlyDictionary<string, byte[]> For(CatalogDefinition catalog, string catalogFolder) => new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["sites-csv"] = Encoding.UTF8.GetBytes(SitesCsv),
        ["sites-xlsx"] = SitesXlsx(),
        ["sites-geojson"] = Encoding.UTF8.GetBytes("""
            {"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-4.0063,5.2585]},
             "properties":{"code":"CIV-EL-001","name_fr":"Poste de Vridi","name_en":"Vridi substation","kind":"ci","sector":"energy","category":"","operator":"MMPE",
             "region":"Abidjan","capacity":"","classification":"TLP:AMBER"}}]}
            """),
        ["dependencies-csv"] = "dependent,supplier,kind,probability,hours,redundancy_group,k\nB,A,physical,0.9,4,,\nC,A,physical,1,2,grid,1\nD,C,cyber,0.5,6,,\n"u8.ToArray(),
        ["workbook"] = Workbook(catalog),
        ["catalog-yaml"] = FirstQuestion(Path.Combine(catalogFolder, "questions", "operational.yaml")),
        ["targets-yaml"] = ReadResource("Rempart.Core.Targets.reference.yaml"),
    };

    /// <summary>The question file cut after its first question: small, so that a fuzzer mutates what matters.</summary>
    private static byte[] FirstQuestion(string path)
    {
        var lines = File.ReadAllLines(path);
        var starts = lines.Select((l, i) => (l, i)).Where(p => p.l.TrimStart().StartsWith("- id:", StringComparison.Ordinal)).Select(p => p.i).Take(2).ToList();
        var end = starts.Count == 2 ? starts[1] : lines.Length;
        return Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(end)) + "\n");
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(Rempart.Core.Targets.TargetsReference).Assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static byte[] Workbook(CatalogDefinition catalog)
    {
        var questions = catalog.Questions.Take(3).ToList();
        var control = new WorkbookControl(Guid.NewGuid(), Guid.NewGuid(), "CIV-2024", Guid.NewGuid(), "MMPE", catalog.Key, "fr", DateTimeOffset.UtcNow,
            [.. questions.Select(q => (q.Id, 0))]);
        var items = questions.Select(q => (q, new AnswerView(q.Id, 2, false, null, "Commentaire", null, 0, null, null, null, null, null, []))).ToList();
        return AnswerWorkbook.Write(control, catalog, items, "Instructions");
    }

    private static byte[] SitesXlsx()
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var line in SitesCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var row = new Row();
                foreach (var cell in line.Split(','))
                {
                    row.Append(new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(cell)) });
                }

                data.Append(row);
            }

            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sites" }));
        }

        return buffer.ToArray();
    }
}
