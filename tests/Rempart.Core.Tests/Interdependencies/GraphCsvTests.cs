using System.Globalization;
using System.Text;
using Rempart.Core.Interdependencies;

namespace Rempart.Core.Tests.Interdependencies;

/// <summary>Reading sites and dependencies from CSV: encodings, delimiters, redundancy groups, and each refusal with its line and column.</summary>
public sealed class GraphCsvTests
{
    private const string Sites = "code,name_fr,name_en,sector,latitude,longitude,capacity\nPWR,Centrale,Plant,energy,5.30,-4.01,0\nSUB,Poste,Substation,energy,5.301,-4.008,0\nH1,Hôpital,Hospital,health,5.40,-4.05,800\nWTR,Eau,Water,water,,,\n";

    private static GraphInput Read(string sites, string dependencies) =>
        GraphCsv.Read(Encoding.UTF8.GetBytes(sites), "sites.csv", Encoding.UTF8.GetBytes(dependencies), "deps.csv");

    private static List<string> Problems(string sites, string dependencies, string language = "en")
    {
        var act = () => Read(sites, dependencies);
        return [.. act.Should().Throw<GraphInputException>().Which.Problems.Select(p => p.MessageIn(CultureInfo.GetCultureInfo(language)))];
    }

    [Fact]
    public void Read_GoodFiles_BuildTheGraphWithGroupsWeightsAndSectors()
    {
        var input = Read(Sites, "dependent,supplier,kind,probability,hours,redundancy_group,k,comment\nSUB,PWR,physical,1,0,,,x\nH1,SUB,physical,0.9,4,grid,1,\nH1,WTR,physical,0.5,12,grid,,\nWTR,SUB,cyber,0.25,2,,,\n");
        var graph = input.Graph;
        graph.SiteCount.Should().Be(4);
        graph.DependencyCount.Should().Be(4);
        graph.RedundancyGroupCount.Should().Be(1);
        input.IgnoredDependencyColumns.Should().Equal("comment");
        graph.People(2).Should().Be(800);
        graph.SiteAt(0)!.Sector.Should().Be("energy");
        graph.SiteAt(3)!.Latitude.Should().BeNull();
        // SUB's dependents in input order: H1 (4 h), then WTR (2 h).
        graph.Targets.ToArray()[graph.Offsets[1]..graph.Offsets[2]].Should().Equal(2, 3);
        Cascade.Run(graph, [0]).FailureTime.ToArray().Should().Equal(0, 0, 4, 2);
    }

    [Fact]
    public void Read_GroupWithoutK_NeedsAllItsSuppliersDown()
    {
        var graph = Read(Sites, "dependent,supplier,kind,probability,hours,redundancy_group\nH1,SUB,physical,1,1,grid\nH1,WTR,physical,1,1,grid\n").Graph;
        Cascade.Run(graph, [1]).Failed(2).Should().BeFalse();
        Cascade.Run(graph, [1, 3]).FailureTime[2].Should().Be(1);
    }

    [Fact]
    public void Read_SemicolonsDecimalCommasAndWindows1252_AreUnderstood()
    {
        var sites = Encoding.Latin1.GetBytes("code;secteur\nÉNERGIE-1;énergie\nSANTÉ-2;santé\n");
        var dependencies = Encoding.Latin1.GetBytes("dependent;supplier;kind;probability;hours\nSANTÉ-2;ÉNERGIE-1;géographique;0,75;1,5\n");
        var graph = GraphCsv.Read(sites, "sites.csv", dependencies, "deps.csv").Graph;
        graph.Code(0).Should().Be("ÉNERGIE-1");
        graph.SiteAt(1)!.Sector.Should().Be("santé");
        graph.Probability(0).Should().Be(0.75);
        graph.Hours(0).Should().Be(1.5);
        graph.Kind(0).Should().Be(DependencyKind.Geographic);
    }

    [Fact]
    public void Read_Utf8WithBom_KeepsTheFirstColumnName()
    {
        var sites = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("code\nA\nB\n")).ToArray();
        var dependencies = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("dependent,supplier,kind,probability,hours\nB,A,logical,1,0\n")).ToArray();
        GraphCsv.Read(sites, "s.csv", dependencies, "d.csv").Graph.DependencyCount.Should().Be(1);
    }

    [Fact]
    public void Read_EachBadValue_IsNamedByLineAndColumnWithWhatToDo()
    {
        var problems = Problems(
            Sites + "PWR,Encore,Again,energy,,,\n,Sans code,No code,x,,,\nX1,Loin,Far,x,95,0,-3\n",
            "dependent,supplier,kind,probability,hours,redundancy_group,k\n" +
            "H1,NOPE,physical,1,0,,\n" +           // line 2: unknown supplier
            "H1,PWR,fluid,1,0,,\n" +               // line 3: unknown kind
            "H1,SUB,physical,1.5,0,,\n" +          // line 4: probability above 1
            "WTR,PWR,physical,0.5,-2,,\n" +        // line 5: negative hours
            "H1,WTR,physical,1,0,grid,3\n" +       // line 6: k larger than the group
            "SUB,SUB,physical,1,0,,\n" +           // line 7: self
            "WTR,SUB,cyber,1,0,,\n" +
            "WTR,SUB,cyber,1,0,,\n" +              // line 9: twice
            "SUB,PWR,physical,1,0,,2\n");          // line 10: k without a group
        problems.Should().Equal(
            "sites.csv, line 6, column code: the site code PWR is already on line 2. Give each site one row and its own code.",
            "sites.csv, line 7, column code: the site code is empty. Write the site's code.",
            "sites.csv, line 8, column capacity: '-3' is not a number of 0 or more. Write digits, such as 1250.",
            "sites.csv, line 8, column latitude: '95' is not a coordinate in degrees (latitude from -90 to 90, longitude from -180 to 180). Write a decimal number such as 5.35.",
            "deps.csv, line 2, column supplier: NOPE is not a site code of sites.csv. Correct the code, or add the site to sites.csv.",
            "deps.csv, line 3, column kind: 'fluid' is not a kind of dependency. Write physical, cyber, geographic or logical.",
            "deps.csv, line 4, column probability: '1.5' is not a probability between 0 and 1. Write a decimal number such as 0.75.",
            "deps.csv, line 5, column hours: '-2' is not a time to impact in hours. Write 0 or more, such as 12.",
            "deps.csv, line 7, column supplier: site SUB cannot depend on itself. Correct the supplier or the dependent.",
            "deps.csv, line 9, column supplier: the dependency of WTR on SUB is already on line 8. Keep one row per pair of sites.",
            "deps.csv, line 10, column k: k is 2 but the row has no redundancy group. Name the group of redundant suppliers in redundancy_group, or leave k empty.",
            "deps.csv, line 6, column k: k is 3, but the redundancy group grid of H1 has only 1 supplier(s). Make k at most the number of suppliers in the group.");
    }

    [Fact]
    public void Read_MissingColumnsAndDisagreeingK_AreRefusedInFrenchToo()
    {
        Problems("name\nA\n", "dependent,supplier\nA,B\n", "fr").Should().Equal(
            "sites.csv, ligne 1 : la colonne code manque dans la ligne d'en-tête. Le fichier doit avoir au moins les colonnes code.",
            "deps.csv, ligne 1 : la colonne kind manque dans la ligne d'en-tête. Le fichier doit avoir au moins les colonnes dependent, supplier, kind, probability, hours.",
            "deps.csv, ligne 1 : la colonne probability manque dans la ligne d'en-tête. Le fichier doit avoir au moins les colonnes dependent, supplier, kind, probability, hours.",
            "deps.csv, ligne 1 : la colonne hours manque dans la ligne d'en-tête. Le fichier doit avoir au moins les colonnes dependent, supplier, kind, probability, hours.");
        Problems(Sites, "dependent,supplier,kind,probability,hours,redundancy_group,k\nH1,SUB,physical,1,0,grid,1\nH1,WTR,physical,1,0,grid,2\n").Should().Equal(
            "deps.csv, line 3, column k: k is 2 here, but the redundancy group grid of H1 has k = 1 on line 2. Give the same k on every row of a group.");
    }

    [Fact]
    public void Read_ManyProblems_StopsListingAtTheCap()
    {
        var rows = string.Concat(Enumerable.Range(0, 80).Select(i => $"H1,X{i},physical,1,0\n"));
        var act = () => Read(Sites, "dependent,supplier,kind,probability,hours\n" + rows);
        var e = act.Should().Throw<GraphInputException>().Which;
        e.Problems.Should().HaveCount(GraphCsv.MaxProblems);
        e.More.Should().Be(30);
    }

    [Fact]
    public void SectorMatrix_AndCommonCause_FollowTheirDefinitions()
    {
        var graph = Read(Sites, "dependent,supplier,kind,probability,hours\nSUB,PWR,physical,1,0\nH1,SUB,physical,0.5,4\nWTR,SUB,cyber,0.25,2\nH1,WTR,geographic,1,0\n").Graph;
        SectorMatrix.Compute(graph).Should().Equal(
            new SectorLink("energy", "energy", 1, 1),
            new SectorLink("energy", "health", 1, 0.5),
            new SectorLink("energy", "water", 1, 0.25),
            new SectorLink("water", "health", 1, 1));

        // PWR (5.300, -4.010) and SUB (5.301, -4.008) share a 0.01° cell; H1 and WTR are tied by a geographic dependency.
        var groups = CommonCause.Compute(graph);
        groups.GroupOf.Should().Equal(0, 0, 1, 1);
        groups.Groups.Should().HaveCount(2);
        // With cells of 0.001°, PWR and SUB fall apart.
        CommonCause.Compute(graph, 0.001).GroupOf.Should().Equal(-1, -1, 0, 0);
    }
}
