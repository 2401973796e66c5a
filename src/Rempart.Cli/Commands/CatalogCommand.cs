using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Exports;
using Spectre.Console;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart catalog validate|import|export|list</c>: the normative catalog.</summary>
internal static class CatalogCommand
{
    /// <summary>The catalog folder: the one given, else ./catalog, else the one shipped beside the binaries.</summary>
    internal static string ResolveFolder(string? path) =>
        path is { Length: > 0 } ? Path.GetFullPath(path)
        : Directory.Exists("catalog") ? Path.GetFullPath("catalog")
        : Path.Combine(AppContext.BaseDirectory, "catalog");

    public static Command Create(CliContext context)
    {
        var command = new Command("catalog", "Validate, import, list and export the normative catalog.");
        command.Subcommands.Add(Validate(context));
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Export(context));
        return command;
    }

    private static Argument<string?> PathArgument() => new("path")
    {
        Description = "Catalog folder (default: ./catalog, else the shipped one).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static async Task<CatalogLoadResult?> LoadOrReportAsync(CliContext context, string folder)
    {
        var result = CatalogLoader.Load(folder);
        if (result.IsValid)
        {
            return result;
        }

        foreach (var error in result.Errors)
        {
            await context.Error.WriteLineAsync(error.ToString());
        }

        await context.Error.WriteLineAsync(context.Text("Catalog.Invalid", result.Errors.Count));
        return null;
    }

    private static Command Validate(CliContext context)
    {
        var path = PathArgument();
        var command = new Command("validate", "Check a catalog folder; exit 1 with every error (file:line:column: what to fix), or print the counts.") { path };
        command.SetAction((parse, _) => RempartCli.Guard(context, async () =>
        {
            context.ApplyLanguage(parse);
            if (await LoadOrReportAsync(context, ResolveFolder(parse.GetValue(path))) is not { } loaded)
            {
                return RempartCli.Refused;
            }

            var b = loaded.Base!;
            await context.Output.WriteLineAsync($"{b.Key}: " + context.Text("Catalog.Valid", b.Instruments.Count, b.ProvisionCount, b.Questions.Count, b.Templates.Count));
            foreach (var overlay in loaded.Overlays)
            {
                await context.Output.WriteLineAsync(context.Text("Catalog.OverlayValid", overlay.Key, overlay.Questions.Count, overlay.Templates.Count));
            }

            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command Import(CliContext context)
    {
        var path = PathArgument();
        var command = new Command("import", "Validate a catalog folder and store its base and overlays as immutable versions (all or nothing).") { path };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            try
            {
                var results = await scope.ServiceProvider.GetRequiredService<CatalogService>().ImportFolderAsync(ResolveFolder(parse.GetValue(path)), cancellationToken);
                foreach (var r in results)
                {
                    await context.Output.WriteLineAsync(context.Text(r.Outcome == ImportOutcome.Imported ? "Catalog.Imported" : "Catalog.AlreadyPresent", r.Key));
                }
            }
            catch (CatalogInvalidException e)
            {
                foreach (var error in e.Errors)
                {
                    await context.Error.WriteLineAsync(error.ToString());
                }

                await context.Error.WriteLineAsync(context.Text("Catalog.Invalid", e.Errors.Count));
                return RempartCli.Refused;
            }

            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the imported catalog versions.");
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            await using var services = context.BuildServices(parse);
            await using var scope = services.CreateAsyncScope();
            var versions = await scope.ServiceProvider.GetRequiredService<CatalogService>().ListAsync(cancellationToken);
            var table = new Table().AddColumns("Key", "Date", context.Text("Cli.Column.Questions"), context.Text("Cli.Column.Imported"));
            foreach (var v in versions)
            {
                table.AddRow(v.Key, v.PublishedOn.ToString("yyyy-MM-dd", context.Culture), v.Questions.ToString(context.Culture), v.ImportedAt.ToString("u", context.Culture));
            }

            context.Console.Write(table);
            return RempartCli.Ok;
        }));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var format = new Option<string>("--format") { Description = "oscal (OSCAL 1.2.2 catalog, JSON) or xlsx (review workbook).", Required = true };
        format.AcceptOnlyFromAmong("oscal", "xlsx");
        var output = new Option<string>("--out") { Description = "File to write.", Required = true };
        var version = new Option<string?>("--version") { Description = "An imported version (e.g. rempart-base@2026.2 or civ@2026.2-civ.1); default: the catalog folder." };
        var folder = new Option<string?>("--path") { Description = "Catalog folder to export when no --version is given (default: ./catalog, else the shipped one)." };
        var overlay = new Option<string?>("--overlay") { Description = "With --path: export this overlay (e.g. civ) applied to the base." };
        var textLanguage = new Option<string>("--text-language") { Description = "Language of the OSCAL texts (en or fr).", DefaultValueFactory = _ => "en" };
        var command = new Command("export", "Export the catalog as OSCAL JSON or as an XLSX workbook.") { format, output, version, folder, overlay, textLanguage };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            CatalogDefinition catalog;
            DateTimeOffset modified;
            if (parse.GetValue(version) is { } key)
            {
                await using var services = context.BuildServices(parse);
                await using var scope = services.CreateAsyncScope();
                var catalogs = scope.ServiceProvider.GetRequiredService<CatalogService>();
                catalog = await catalogs.FindAsync(key, cancellationToken) ?? throw new DomainRuleException("Catalog.NotFound", key);
                modified = (await catalogs.ListAsync(cancellationToken)).Single(v => v.Key == catalog.Key).ImportedAt;
            }
            else
            {
                context.ApplyLanguage(parse);
                if (await LoadOrReportAsync(context, ResolveFolder(parse.GetValue(folder))) is not { } loaded)
                {
                    return RempartCli.Refused;
                }

                var overlayId = parse.GetValue(overlay);
                catalog = overlayId is null ? loaded.Base! : loaded.Overlays.SingleOrDefault(o => o.Id == overlayId) ?? throw new DomainRuleException("Catalog.NotFound", overlayId);
                modified = catalog.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            }

            var target = Path.GetFullPath(parse.GetValue(output)!);
            byte[] bytes = parse.GetValue(format) == "oscal"
                ? new UTF8Encoding(false).GetBytes(OscalCatalogExporter.Export(catalog, parse.GetValue(textLanguage)!, modified))
                : CatalogWorkbookExporter.Export(catalog);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, bytes, cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Catalog.Exported", target, bytes.Length));
            return RempartCli.Ok;
        }));
        return command;
    }
}
