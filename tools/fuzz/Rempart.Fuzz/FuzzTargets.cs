using System.Text;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Interdependencies;
using Rempart.Core.Questionnaires;
using Rempart.Core.Targets;

namespace Rempart.Fuzz;

/// <summary>
/// The importers that read files from outside, each fed arbitrary bytes. A clear refusal (the domain's own errors,
/// which name the file, row and field) is a pass; any other exception is a finding. Shared by the AFL++ harness
/// (tools/fuzz) and the malformed-input property tests of the test suite.
/// </summary>
public static class FuzzTargets
{
    public static readonly string[] Names = ["sites-csv", "sites-xlsx", "sites-geojson", "dependencies-csv", "workbook", "catalog-yaml", "targets-yaml"];

    /// <summary>True for the errors a user is shown (each names what is wrong and what to do).</summary>
    public static bool IsClearRefusal(Exception e) =>
        e is DomainRuleException or SiteImportException or GraphInputException or CatalogInvalidException && !string.IsNullOrWhiteSpace(e.Message);

    private static readonly Lazy<(CatalogDefinition Catalog, string Folder)> Shipped = new(() =>
    {
        var folder = FindCatalog();
        var loaded = CatalogLoader.Load(folder);
        return (loaded.Base ?? throw new InvalidOperationException($"The shipped catalog in {folder} does not load."), folder);
    });

    private static readonly Lazy<SiteRules> Rules = new(() =>
        new SiteRules(Shipped.Value.Catalog, TargetsReference.Default, new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase) { ["MMPE"] = Guid.NewGuid() }));

    private static string FindCatalog()
    {
        // Above the program (the test suite's output), then above the working directory (the fuzz script runs from the root).
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "catalog", "catalog.yaml");
                if (File.Exists(candidate))
                {
                    return Path.GetDirectoryName(candidate)!;
                }
            }
        }

        throw new InvalidOperationException("The shipped catalog folder was not found above " + AppContext.BaseDirectory + " nor the working directory");
    }

    private const string SitesForDependencies = "code,sector\nA,energy\nB,health\nC,drinking-water\nD,telecom\n";

    /// <summary>One valid input per target.</summary>
    public static IReadOnlyDictionary<string, byte[]> Seeds() => Fuzz.Seeds.For(Shipped.Value.Catalog, Shipped.Value.Folder);

    /// <summary>Warms up what every run shares (the catalog, the rules), so that a fuzzer measures the importers.</summary>
    public static void Prepare() => _ = Rules.Value;

    /// <summary>Runs one importer on the bytes; throws only what is not a clear refusal.</summary>
    public static void Run(string target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            switch (target)
            {
                case "sites-csv":
                    Sites(input, "sites.csv");
                    break;
                case "sites-xlsx":
                    Sites(input, "sites.xlsx");
                    break;
                case "sites-geojson":
                    Sites(input, "sites.geojson");
                    break;
                case "dependencies-csv":
                    _ = GraphCsv.Read(Encoding.UTF8.GetBytes(SitesForDependencies), "sites.csv", input, "dependencies.csv");
                    _ = GraphCsv.Read(input, "sites.csv", "dependent,supplier,kind,probability,hours\n"u8.ToArray(), "dependencies.csv");
                    break;
                case "workbook":
                    _ = AnswerWorkbook.Read(input, "CIV-2024-MMPE-fr.xlsx");
                    break;
                case "catalog-yaml":
                    Catalog(input);
                    break;
                case "targets-yaml":
                    _ = TargetsReference.Parse(Encoding.UTF8.GetString(input), "reference.yaml");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(target), target, "Targets: " + string.Join(", ", Names));
            }
        }
        catch (Exception e) when (IsClearRefusal(e))
        {
            // A clear refusal is what bad input must get.
        }
    }

    private static void Sites(byte[] input, string name)
    {
        using var stream = new MemoryStream(input, writable: false);
        var problems = new List<SiteProblem>();
        foreach (var (row, site) in SiteFiles.Read(stream, name))
        {
            _ = Rules.Value.Check(site, row, problems);
            if (problems.Count > 100)
            {
                break;
            }
        }
    }

    /// <summary>The bytes replace the catalog's operational questions in a copy of the shipped catalog.</summary>
    private static void Catalog(byte[] input)
    {
        var copy = Directory.CreateTempSubdirectory("rempart-fuzz-catalog-").FullName;
        try
        {
            Copy(Shipped.Value.Folder, copy);
            File.WriteAllBytes(Path.Combine(copy, "questions", "operational.yaml"), input);
            var result = CatalogLoader.Load(copy);
            if (!result.IsValid && result.Errors.Any(e => string.IsNullOrWhiteSpace(e.ToString())))
            {
                throw new InvalidOperationException("A catalog error without its text.");
            }
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
