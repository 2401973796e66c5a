using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;

namespace Rempart.Core.Tests.Questionnaires;

/// <summary>A fresh database with the shipped catalog and the demo workspace loaded, and the demo people as viewers.</summary>
internal sealed class DemoWorld : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly ServiceProvider _services;

    private DemoWorld(TestDatabase database, ServiceProvider services)
    {
        _database = database;
        _services = services;
    }

    public static async Task<DemoWorld> CreateAsync(TimeProvider? time = null, Action<IServiceCollection>? configure = null)
    {
        var database = TestDatabase.Create();
        var services = await CoreServicesForTests.BuildAsync(database, time, configure);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Rempart.Core.Catalog.CatalogService>().ImportFolderAsync(Rempart.Core.Tests.Catalog.ShippedCatalogTests.Folder);
        await scope.ServiceProvider.GetRequiredService<DemoWorkspace>().LoadOnceAsync(Path.Combine(AppContext.BaseDirectory, "demo", "workspace.yaml"));
        return new DemoWorld(database, services);
    }

    /// <summary>The root services (for helpers that open their own scopes).</summary>
    public IServiceProvider Services => _services;

    /// <summary>A new scope: one unit of work, like one web request.</summary>
    public AsyncServiceScope Scope() => _services.CreateAsyncScope();

    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider);
    }

    public async Task<Viewer> ViewerAsync(string who)
    {
        await using var scope = Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<RempartUser>>();
        var user = await users.FindByEmailAsync($"{who}@demo.rempart.example") ?? throw new InvalidOperationException(who);
        return new Viewer(user.Id, (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>One demo world shared by the tests of a class that only read, or refuse, and so cannot disturb each other.</summary>
public sealed class SharedDemoWorld : IAsyncLifetime
{
    internal DemoWorld World { get; private set; } = default!;

    public async ValueTask InitializeAsync() => World = await DemoWorld.CreateAsync();

    public async ValueTask DisposeAsync() => await World.DisposeAsync();
}

/// <summary>Edits a workbook the way a respondent (or a forger) would, in Excel.</summary>
internal static class WorkbookEdit
{
    public static byte[] Set(byte[] workbook, string sheetName, string reference, string value, bool number = false)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = Sheet(document, sheetName);
            var cell = part.Worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference?.Value == reference);
            if (cell is null)
            {
                var rowIndex = uint.Parse(new string([.. reference.SkipWhile(char.IsLetter)]), System.Globalization.CultureInfo.InvariantCulture);
                var row = part.Worksheet.Descendants<Row>().FirstOrDefault(r => r.RowIndex?.Value == rowIndex);
                if (row is null)
                {
                    row = new Row { RowIndex = rowIndex };
                    part.Worksheet.GetFirstChild<DocumentFormat.OpenXml.Spreadsheet.SheetData>()!.Append(row);
                }

                cell = new Cell { CellReference = reference };
                var after = row.Elements<Cell>().LastOrDefault(c => string.CompareOrdinal(c.CellReference!.Value, reference) < 0 && c.CellReference.Value!.Length <= reference.Length);
                if (after is null)
                {
                    row.PrependChild(cell);
                }
                else
                {
                    after.InsertAfterSelf(cell);
                }
            }

            cell.RemoveAllChildren();
            if (number)
            {
                cell.DataType = null;
                cell.CellValue = new CellValue(value);
            }
            else
            {
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(value));
            }

            part.Worksheet.Save();
        }

        return stream.ToArray();
    }

    public static byte[] DeleteRow(byte[] workbook, string sheetName, uint rowIndex)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var part = Sheet(document, sheetName);
            part.Worksheet.Descendants<Row>().First(r => r.RowIndex?.Value == rowIndex).Remove();
            part.Worksheet.Save();
        }

        return stream.ToArray();
    }

    private static WorksheetPart Sheet(SpreadsheetDocument document, string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().First(s => s.Name == name);
        return (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
    }
}
