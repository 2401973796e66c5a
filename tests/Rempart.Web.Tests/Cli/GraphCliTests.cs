using System.Text;
using System.Text.Json;
using Rempart.Cli;

namespace Rempart.Web.Tests.Cli;

/// <summary><c>rempart graph analyze</c> on CSV files: no database, exact outputs on a small graph, and each bad input named by file, line and column.</summary>
public sealed class GraphCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rempart-graph-").FullName;

    private const string Sites =
        "code,name_fr,name_en,kind,sector,category,operator,latitude,longitude,region,capacity,classification\n" +
        "PWR,Centrale,Power plant,infrastructure,energy,,,5.300,-4.010,Lagunes,0,\n" +
        "SUB,Poste,Substation,infrastructure,energy,,,5.301,-4.008,Lagunes,0,\n" +
        "TEL,Central téléphonique,Telephone exchange,infrastructure,telecom,,,5.50,-4.20,Lagunes,0,\n" +
        "H1,Hôpital,Hospital,soft target,health,,,5.60,-4.30,Lagunes,800,\n" +
        "WTR,Station d'eau,Water plant,infrastructure,water,,,5.70,-4.40,Lagunes,0,\n";

    // Supplier → dependent: PWR → SUB, SUB ⇄ TEL (a loop), SUB → H1 and WTR → H1 (redundant, both needed down), PWR → WTR, PWR → TEL.
    private const string Dependencies =
        "dependent,supplier,kind,probability,hours,redundancy_group,k\n" +
        "SUB,PWR,physical,1,0,,\n" +
        "TEL,SUB,cyber,0.8,1,,\n" +
        "SUB,TEL,cyber,0.6,2,,\n" +
        "H1,SUB,physical,0.9,4,supply,2\n" +
        "H1,WTR,physical,0.5,6,supply,2\n" +
        "WTR,PWR,physical,0.7,3,,\n" +
        "TEL,PWR,physical,0.4,1,,\n";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(string name, string content, Encoding? encoding = null)
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, (encoding ?? Encoding.UTF8).GetBytes(content));
        return path;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RempartCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Analyze_SmallGraph_WritesTheExactFiles()
    {
        var outDir = Path.Combine(_folder, "out");
        var result = await RunAsync("graph", "analyze", "--sites", File("sites.csv", Sites), "--dependencies", File("deps.csv", Dependencies), "--out", outDir);

        result.Code.Should().Be(RempartCli.Ok, result.Error);
        result.Error.Should().BeEmpty();
        result.Output.Should().Contain("5 sites, 7 dependencies: 4 strongly connected component(s), the largest of 2 site(s).")
            .And.Contain("criticality.csv, sector_matrix.csv, common_cause.csv, summary.json");

        // Downstream by hand: PWR feeds everything (4), SUB and TEL each other and H1 (2), WTR only H1 (1).
        // Component ids in topological order: PWR 0, WTR 1, the SUB-TEL loop 2, H1 3.
        // Betweenness over the four sites that supply another (H1 supplies nothing, so starts no path): from PWR, H1 is reached through SUB and WTR (half each);
        // from TEL, H1 through SUB (1). SUB 1.5, WTR 0.5.
        (await System.IO.File.ReadAllTextAsync(Path.Combine(outDir, "criticality.csv"), Ct)).Should().Be(
            "code,downstream_count,component_id,betweenness\n" +
            "PWR,4,0,0\n" +
            "SUB,2,2,1.5\n" +
            "TEL,2,2,0\n" +
            "H1,0,3,0\n" +
            "WTR,1,1,0.5\n");
        (await System.IO.File.ReadAllTextAsync(Path.Combine(outDir, "sector_matrix.csv"), Ct)).Should().Be(
            "supplier_sector,dependent_sector,dependencies,mean_strength\n" +
            "energy,energy,1,1\n" +
            "energy,health,1,0.9\n" +
            "energy,telecom,2,0.6\n" +
            "energy,water,1,0.7\n" +
            "telecom,energy,1,0.6\n" +
            "water,health,1,0.5\n");
        (await System.IO.File.ReadAllTextAsync(Path.Combine(outDir, "common_cause.csv"), Ct)).Should().Be("group_id,code\n0,PWR\n0,SUB\n");

        using var summary = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(Path.Combine(outDir, "summary.json"), Ct));
        var root = summary.RootElement;
        root.GetProperty("sites").GetInt32().Should().Be(5);
        root.GetProperty("dependencies").GetInt32().Should().Be(7);
        root.GetProperty("components").GetInt32().Should().Be(4);
        root.GetProperty("largest_component").GetInt32().Should().Be(2);
        root.GetProperty("downstream_exact").GetBoolean().Should().BeTrue();
        root.GetProperty("betweenness_sources").GetInt32().Should().Be(4, "every site that supplies another, H1 supplies none");
        root.GetProperty("redundancy_groups").GetInt32().Should().Be(1);
        root.GetProperty("common_cause_groups").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Analyze_WithFail_WritesTheCascadeAndItsProbabilities()
    {
        var outDir = Path.Combine(_folder, "what-if");
        var result = await RunAsync("graph", "analyze", "--sites", File("sites.csv", Sites), "--dependencies", File("deps.csv", Dependencies), "--out", outDir,
            "--fail", "PWR", "--runs", "20000", "--seed", "7");
        result.Code.Should().Be(RempartCli.Ok, result.Error);
        result.Output.Should().Contain("What-if: 4 other site(s) fail").And.Contain("cascade.csv");

        // By hand: SUB fails with PWR (probability 1, 0 h); TEL after 1 h if PWR's (0.4) or SUB's (0.8) link carries:
        // 1 - 0.6 x 0.2 = 0.88; WTR after 3 h (0.7); H1 needs both SUB and WTR down (k = 2): at 3 + 6 = 9 h, 0.9 x 0.7 x 0.5 = 0.315.
        var rows = (await System.IO.File.ReadAllLinesAsync(Path.Combine(outDir, "cascade.csv"), Ct)).Select(r => r.Split(',')).ToList();
        rows[0].Should().Equal("code", "hours", "through", "initial", "failure_probability");
        rows.Skip(1).Select(r => (r[0], r[1])).Should().Equal(("PWR", "0"), ("SUB", "0"), ("TEL", "1"), ("WTR", "3"), ("H1", "9"));
        rows[1][3].Should().Be("true");
        rows[5][2].Should().Be("WTR", "the second supplier of the redundancy group is the one that completes it");
        var probability = rows.Skip(1).ToDictionary(r => r[0], r => double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture));
        probability["PWR"].Should().Be(1);
        probability["SUB"].Should().Be(1);
        probability["TEL"].Should().BeApproximately(0.88, 0.015);
        probability["WTR"].Should().BeApproximately(0.7, 0.015);
        probability["H1"].Should().BeApproximately(0.315, 0.015);

        using var summary = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(Path.Combine(outDir, "summary.json"), Ct));
        var cascade = summary.RootElement.GetProperty("cascade");
        cascade.GetProperty("runs").GetInt32().Should().Be(20000);
        cascade.GetProperty("deterministic_failed_sites").GetInt32().Should().Be(5);
        cascade.GetProperty("expected_failed_sites").GetDouble().Should().BeApproximately(probability.Values.Sum(), 1e-9);
        cascade.GetProperty("expected_people_affected").GetDouble().Should().BeApproximately(800 * probability["H1"], 1e-6, "only the hospital has people");

        var again = Path.Combine(_folder, "again");
        (await RunAsync("graph", "analyze", "--sites", Path.Combine(_folder, "sites.csv"), "--dependencies", Path.Combine(_folder, "deps.csv"), "--out", again, "--fail", "PWR", "--runs", "20000", "--seed", "7")).Code.Should().Be(RempartCli.Ok);
        (await System.IO.File.ReadAllTextAsync(Path.Combine(again, "cascade.csv"), Ct)).Should().Be(await System.IO.File.ReadAllTextAsync(Path.Combine(outDir, "cascade.csv"), Ct), "the runs are seeded");

        var unknown = await RunAsync("graph", "analyze", "--sites", Path.Combine(_folder, "sites.csv"), "--dependencies", Path.Combine(_folder, "deps.csv"), "--out", outDir, "--fail", "NOPE");
        unknown.Code.Should().Be(RempartCli.Refused);
        unknown.Error.Should().Contain("NOPE");
    }

    [Fact]
    public async Task Analyze_NoSectors_WritesNoSectorMatrix()
    {
        var outDir = Path.Combine(_folder, "out");
        var result = await RunAsync("graph", "analyze", "--sites", File("s.csv", "code\nA\nB\nC\n"), "--dependencies", File("d.csv", "dependent;supplier;kind;probability;hours;note\nB;A;logical;0,5;1;x\nC;B;logique;1;0;y\n"), "--out", outDir, "--samples", "1", "--seed", "3");
        result.Code.Should().Be(RempartCli.Ok, result.Error);
        result.Error.Should().Be("d.csv: the column(s) note are not used and were ignored.\n".ReplaceLineEndings());
        System.IO.File.Exists(Path.Combine(outDir, "sector_matrix.csv")).Should().BeFalse();
        (await System.IO.File.ReadAllTextAsync(Path.Combine(outDir, "criticality.csv"), Ct)).Should().StartWith("code,downstream_count,component_id,betweenness\nA,2,0,");
    }

    [Fact]
    public async Task Analyze_BadInput_NamesFileLineAndColumnAndWritesNothing()
    {
        var outDir = Path.Combine(_folder, "out");
        var result = await RunAsync("graph", "analyze", "--sites", File("sites.csv", Sites + "PWR,Encore,Again,x,energy,,,,,,,\n"), "--dependencies", File("deps.csv",
            "dependent,supplier,kind,probability,hours,redundancy_group,k\n" +
            "SUB,NOPE,physical,1,0,,\n" +
            "H1,SUB,physical,2,0,,\n" +
            "H1,WTR,physical,0.5,-1,,\n" +
            "TEL,SUB,physical,1,0,backup,3\n"), "--out", outDir);

        result.Code.Should().Be(RempartCli.Refused);
        result.Output.Should().BeEmpty();
        result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Should().Equal(
            "sites.csv, line 7, column code: the site code PWR is already on line 2. Give each site one row and its own code.",
            "deps.csv, line 2, column supplier: NOPE is not a site code of sites.csv. Correct the code, or add the site to sites.csv.",
            "deps.csv, line 3, column probability: '2' is not a probability between 0 and 1. Write a decimal number such as 0.75.",
            "deps.csv, line 4, column hours: '-1' is not a time to impact in hours. Write 0 or more, such as 12.",
            "deps.csv, line 5, column k: k is 3, but the redundancy group backup of TEL has only 1 supplier(s). Make k at most the number of suppliers in the group.",
            "Nothing was written: the input files have problems (above).");
        Directory.Exists(outDir).Should().BeFalse();
    }

    [Fact]
    public async Task Analyze_MissingColumnInFrench_SaysWhichAndWhatIsNeeded()
    {
        var result = await RunAsync("graph", "analyze", "--language", "fr", "--sites", File("sites.csv", Sites), "--dependencies", File("deps.csv", "dependent,supplier,kind,hours\nSUB,PWR,physical,0\n", Encoding.Latin1), "--out", Path.Combine(_folder, "out"));
        result.Code.Should().Be(RempartCli.Refused);
        result.Error.Should().Contain("deps.csv, ligne 1 : la colonne probability manque dans la ligne d'en-tête. Le fichier doit avoir au moins les colonnes dependent, supplier, kind, probability, hours.")
            .And.Contain("Rien n'a été écrit");
    }

    [Fact]
    public async Task Analyze_MissingFileOrBadSamples_ExitWithTheirCodes()
    {
        var missing = await RunAsync("graph", "analyze", "--sites", Path.Combine(_folder, "nope.csv"), "--dependencies", File("deps.csv", Dependencies), "--out", _folder);
        missing.Code.Should().Be(RempartCli.Refused);
        missing.Error.Should().Contain("There is no file").And.Contain("nope.csv");

        var samples = await RunAsync("graph", "analyze", "--sites", File("sites.csv", Sites), "--dependencies", File("deps.csv", Dependencies), "--out", _folder, "--samples", "0");
        samples.Code.Should().Be(RempartCli.BadSetting);
        samples.Error.Should().Contain("--samples must be 1 or more");
    }
}
