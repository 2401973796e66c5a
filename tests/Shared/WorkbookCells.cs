using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rempart.Core.Tests.Support;

/// <summary>Changes one cell of a questionnaire workbook's answer sheet, as someone editing it in Excel would.</summary>
public static class WorkbookCells
{
    public static byte[] Set(byte[] workbook, string reference, string value)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == "Questionnaire");
            var part = (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
            var cell = part.Worksheet.Descendants<Cell>().First(c => c.CellReference?.Value == reference);
            cell.RemoveAllChildren();
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(value));
            part.Worksheet.Save();
        }

        return stream.ToArray();
    }
}
