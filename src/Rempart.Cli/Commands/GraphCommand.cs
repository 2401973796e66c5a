using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Interdependencies;
using Spectre.Console;

namespace Rempart.Cli.Commands;

/// <summary><c>rempart graph analyze</c>: interdependencies of sites read from CSV files; no database.</summary>
internal static class GraphCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("graph", "Interdependencies between sites and cascade analysis.");
        command.Subcommands.Add(Analyze(context));
        return command;
    }

    private static Command Analyze(CliContext context)
    {
        var sites = new Option<string?>("--sites") { Description = "Sites CSV (site import format: header row, at least a code column)." };
        var dependencies = new Option<string?>("--dependencies") { Description = "Dependencies CSV: dependent,supplier,kind,probability,hours[,redundancy_group,k]." };
        var engagement = new Option<string?>("--engagement") { Description = "Analyse an engagement's sites and recorded dependencies in the database instead of files." };
        var acting = new Option<string?>("--as") { Description = "With --engagement: e-mail of the account whose clearance decides which sites take part (default: the operator, as administrator)." };
        var output = new Option<string>("--out") { Description = "Folder to write criticality.csv, summary.json, sector_matrix.csv and common_cause.csv to.", Required = true };
        var samples = new Option<int>("--samples") { Description = "Sources sampled for betweenness (all sites when there are fewer).", DefaultValueFactory = _ => 100 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the betweenness sample.", DefaultValueFactory = _ => 1UL };
        var exactLimit = new Option<int>("--exact-limit") { Description = "Above this many strongly connected components, downstream counts are estimated (HyperLogLog).", DefaultValueFactory = _ => new ReachOptions().ExactComponentLimit };
        var fail = new Option<string?>("--fail") { Description = "Site codes that fail (comma-separated): also writes cascade.csv (deterministic cascade with each site's failure probability) and the expected losses in summary.json." };
        var runs = new Option<int>("--runs") { Description = "With --fail: Monte Carlo runs (seeded with --seed).", DefaultValueFactory = _ => 1000 };
        var command = new Command("analyze", "Components, downstream counts, betweenness, sector matrix, common-cause groups and what-if cascades.") { sites, dependencies, engagement, acting, output, samples, seed, exactLimit, fail, runs };
        command.SetAction((parse, cancellationToken) => RempartCli.Guard(context, async () =>
        {
            context.ApplyLanguage(parse);
            var code = parse.GetValue(engagement);
            var sitesPath = parse.GetValue(sites) ?? "";
            var dependenciesPath = parse.GetValue(dependencies) ?? "";
            if (code is null == (sitesPath.Length == 0 || dependenciesPath.Length == 0) || (code is not null && (sitesPath.Length > 0 || dependenciesPath.Length > 0)))
            {
                await context.Error.WriteLineAsync(context.Text("Cli.Graph.Source"));
                return RempartCli.BadSetting;
            }

            foreach (var path in code is null ? new[] { sitesPath, dependenciesPath } : [])
            {
                if (!File.Exists(path))
                {
                    throw new DomainRuleException("Cli.FileMissing", path);
                }
            }

            DependencyGraph? stored = null;
            if (code is not null)
            {
                await using var services = context.BuildServices(parse);
                await using var scope = services.CreateAsyncScope();
                var viewer = await SitesCommand.ActingAsync(scope.ServiceProvider, parse.GetValue(acting));
                try
                {
                    stored = await scope.ServiceProvider.GetRequiredService<DependencyService>().GraphForAsync(viewer, code, cancellationToken);
                }
                catch (Exception e) when (e is NotFoundException or ForbiddenException)
                {
                    await context.Error.WriteLineAsync(e is NotFoundException n ? n.MessageIn(context.Culture) : ((ForbiddenException)e).MessageIn(context.Culture));
                    return RempartCli.Refused;
                }
            }

            if (parse.GetValue(samples) < 1)
            {
                await context.Error.WriteLineAsync(context.Text("Cli.Graph.BadSamples", parse.GetValue(samples)));
                return RempartCli.BadSetting;
            }

            if (parse.GetValue(runs) < 1)
            {
                await context.Error.WriteLineAsync(context.Text("Cli.Graph.BadRuns", parse.GetValue(runs)));
                return RempartCli.BadSetting;
            }

            var options = new GraphAnalysisOptions(parse.GetValue(samples), parse.GetValue(seed), new ReachOptions(parse.GetValue(exactLimit)));
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            GraphInput input;
            GraphAnalysis analysis;
            try
            {
                (input, analysis) = await RunWithProgressAsync(context, () => stored is not null ? new GraphInput(stored, [])
                    : GraphCsv.Read(File.ReadAllBytes(sitesPath), Path.GetFileName(sitesPath), File.ReadAllBytes(dependenciesPath), Path.GetFileName(dependenciesPath)), options);
            }
            catch (GraphInputException e)
            {
                foreach (var problem in e.Problems)
                {
                    await context.Error.WriteLineAsync(problem.MessageIn(context.Culture));
                }

                if (e.More > 0)
                {
                    await context.Error.WriteLineAsync(context.Text("Graph.Input.More", e.More));
                }

                await context.Error.WriteLineAsync(context.Text("Cli.Graph.Refused"));
                return RempartCli.Refused;
            }

            if (input.IgnoredDependencyColumns.Count > 0)
            {
                await context.Error.WriteLineAsync(context.Text("Graph.Input.IgnoredColumns", Path.GetFileName(dependenciesPath), string.Join(", ", input.IgnoredDependencyColumns)));
            }

            var graph = input.Graph;
            WhatIf? whatIf = null;
            if (parse.GetValue(fail) is { } failing)
            {
                var byCode = new Dictionary<string, int>(graph.SiteCount, StringComparer.Ordinal);
                for (var v = 0; v < graph.SiteCount; v++)
                {
                    byCode[graph.Code(v)] = v;
                }

                var start = new List<int>();
                foreach (var c in failing.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal))
                {
                    if (!byCode.TryGetValue(c, out var v))
                    {
                        await context.Error.WriteLineAsync(context.Text("Cli.Graph.UnknownFail", c));
                        return RempartCli.Refused;
                    }

                    start.Add(v);
                }

                whatIf = new WhatIf(start, Cascade.Run(graph, start), MonteCarlo.Simulate(graph, start, parse.GetValue(runs), parse.GetValue(seed)));
            }

            Directory.CreateDirectory(outDir);
            var written = await GraphResults.WriteAsync(outDir, graph, analysis, options, whatIf, cancellationToken);
            await context.Output.WriteLineAsync(context.Text("Cli.Graph.Written", graph.SiteCount, graph.DependencyCount, analysis.Components.Count, analysis.Components.Largest, outDir, string.Join(", ", written)));
            if (!analysis.Downstream.Exact)
            {
                await context.Output.WriteLineAsync(context.Text("Cli.Graph.Estimated", analysis.Components.Count, options.Reach!.ExactComponentLimit, analysis.Downstream.RelativeStandardError.ToString("P1", context.Culture)));
            }

            if (whatIf is not null)
            {
                await context.Output.WriteLineAsync(context.Text("Cli.Graph.Cascade", whatIf.Cascade.Order.Length - whatIf.Start.Count, whatIf.Random.Runs,
                    whatIf.Random.ExpectedFailedSites.ToString("0.##", context.Culture)));
            }

            return RempartCli.Ok;
        }));
        return command;
    }

    /// <summary>Reads and analyses, with a progress bar on the terminal's error stream when there is one (none when redirected or captured).</summary>
    private static async Task<(GraphInput, GraphAnalysis)> RunWithProgressAsync(CliContext context, Func<GraphInput> read, GraphAnalysisOptions options)
    {
        var interactive = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        if (!interactive)
        {
            var input = read();
            return (input, GraphAnalysis.Run(input.Graph, options));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        (GraphInput, GraphAnalysis) result = default;
        await console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(context.Text("Cli.Graph.Step.Reading"), maxValue: (int)GraphAnalysisStep.Done + 1);
                var input = await Task.Run(read);
                task.Increment(1);
                var steps = new Progress<GraphAnalysisStep>(step =>
                {
                    task.Description = context.Text($"Cli.Graph.Step.{(step == GraphAnalysisStep.Done ? "Writing" : step.ToString())}");
                    task.Value = (int)step + 1;
                });
                var analysis = await Task.Run(() => GraphAnalysis.Run(input.Graph, options, steps));
                task.Value = task.MaxValue;
                result = (input, analysis);
            });
        return result;
    }
}

/// <summary>A what-if asked on the command line: the failed sites, the deterministic cascade and the Monte Carlo result.</summary>
internal sealed record WhatIf(IReadOnlyList<int> Start, CascadeResult Cascade, MonteCarloResult Random);

/// <summary>The files <c>rempart graph analyze</c> writes (UTF-8 without BOM, invariant numbers, LF).</summary>
internal static class GraphResults
{
    public static async Task<IReadOnlyList<string>> WriteAsync(string folder, DependencyGraph graph, GraphAnalysis analysis, GraphAnalysisOptions options, WhatIf? whatIf, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var utf8 = new UTF8Encoding(false);
        var inv = CultureInfo.InvariantCulture;
        await using (var writer = new StreamWriter(Path.Combine(folder, "criticality.csv"), false, utf8) { NewLine = "\n" })
        {
            await writer.WriteLineAsync("code,downstream_count,component_id,betweenness");
            var componentOf = analysis.Components.ComponentOf.ToArray();
            for (var v = 0; v < graph.SiteCount; v++)
            {
                await writer.WriteLineAsync(string.Create(inv, $"{Csv(graph.Code(v))},{analysis.Downstream.PerSite[v]},{componentOf[v]},{analysis.Betweenness[v]:R}"));
            }
        }

        files.Add("criticality.csv");
        if (graph.HasSectors)
        {
            await using var writer = new StreamWriter(Path.Combine(folder, "sector_matrix.csv"), false, utf8) { NewLine = "\n" };
            await writer.WriteLineAsync("supplier_sector,dependent_sector,dependencies,mean_strength");
            foreach (var link in analysis.SectorMatrix)
            {
                await writer.WriteLineAsync(string.Create(inv, $"{Csv(link.SupplierSector)},{Csv(link.DependentSector)},{link.Dependencies},{Math.Round(link.MeanStrength, 6)}"));
            }

            files.Add("sector_matrix.csv");
        }

        await using (var writer = new StreamWriter(Path.Combine(folder, "common_cause.csv"), false, utf8) { NewLine = "\n" })
        {
            await writer.WriteLineAsync("group_id,code");
            for (var g = 0; g < analysis.CommonCause.Groups.Count; g++)
            {
                foreach (var v in analysis.CommonCause.Groups[g])
                {
                    await writer.WriteLineAsync(string.Create(inv, $"{g},{Csv(graph.Code(v))}"));
                }
            }
        }

        files.Add("common_cause.csv");
        if (whatIf is not null)
        {
            await using var writer = new StreamWriter(Path.Combine(folder, "cascade.csv"), false, utf8) { NewLine = "\n" };
            await writer.WriteLineAsync("code,hours,through,initial,failure_probability");
            var initial = whatIf.Start.ToHashSet();
            var times = whatIf.Cascade.FailureTime.ToArray();
            var causes = whatIf.Cascade.Cause.ToArray();
            foreach (var v in whatIf.Cascade.Order.ToArray())
            {
                await writer.WriteLineAsync(string.Create(inv,
                    $"{Csv(graph.Code(v))},{times[v]:R},{(causes[v] >= 0 ? Csv(graph.Code(causes[v])) : "")},{(initial.Contains(v) ? "true" : "false")},{whatIf.Random.FailureProbability[v]:R}"));
            }

            files.Add("cascade.csv");
        }

        var summary = new Dictionary<string, object>
        {
            ["sites"] = graph.SiteCount,
            ["dependencies"] = graph.DependencyCount,
            ["components"] = analysis.Components.Count,
            ["largest_component"] = analysis.Components.Largest,
            ["nontrivial_components"] = CountNonTrivial(analysis.Components),
            ["downstream_exact"] = analysis.Downstream.Exact,
            ["downstream_relative_standard_error"] = analysis.Downstream.RelativeStandardError,
            ["max_downstream_count"] = analysis.Downstream.PerSite.Length == 0 ? 0 : analysis.Downstream.PerSite.Max(),
            ["betweenness_sources"] = analysis.BetweennessSources.Count,
            ["betweenness_seed"] = options.Seed,
            ["redundancy_groups"] = graph.RedundancyGroupCount,
            ["common_cause_groups"] = analysis.CommonCause.Groups.Count,
            ["largest_common_cause_group"] = analysis.CommonCause.Groups.Count == 0 ? 0 : analysis.CommonCause.Groups.Max(g => g.Length),
            ["common_cause_cell_degrees"] = options.CellDegrees,
        };
        if (whatIf is not null)
        {
            summary["cascade"] = new Dictionary<string, object>
            {
                ["failed"] = whatIf.Start.Select(graph.Code).ToList(),
                ["deterministic_failed_sites"] = whatIf.Cascade.Order.Length,
                ["runs"] = whatIf.Random.Runs,
                ["seed"] = whatIf.Random.Seed,
                ["expected_failed_sites"] = whatIf.Random.ExpectedFailedSites,
                ["expected_services_lost"] = whatIf.Random.ExpectedServicesLost,
                ["expected_people_affected"] = whatIf.Random.ExpectedPeopleAffected,
            };
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "summary.json"), JsonSerializer.Serialize(summary, JsonOptions) + "\n", utf8, cancellationToken);
        files.Add("summary.json");
        return files;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static int CountNonTrivial(StrongComponents components)
    {
        var count = 0;
        foreach (var size in components.Sizes)
        {
            if (size > 1)
            {
                count++;
            }
        }

        return count;
    }

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
