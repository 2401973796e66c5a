using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Rempart.Core.Data;
using Rempart.Core.Documents;
using Rempart.Core.Scoring;

namespace Rempart.Bench.Roadmap;

/// <summary>
/// Issue #7's benchmark. Renders the roadmap of a synthetic engagement (150 questions, 12 entities, 300 recommendations)
/// with its two charts to DOCX, and in the same run has pandoc convert the same content, as Markdown with the same two
/// PNGs, to DOCX; runs alternate (one warm-up each, then N measured pairs) and the answer is the ratio Rempart / pandoc.
/// Usage: Rempart.Bench.Roadmap [--runs 5] [--lang en|fr] [--seed 7] [--pandoc pandoc] [--out results.md] [--keep dir]
/// (<c>--once</c>, used by the benchmark itself: make the data, render once, print the data's time and exit).
/// </summary>
internal static class Program
{
    private const double Goal = 0.5;

    private sealed record RempartRun(double TotalMs, double ScoreMs, double ReportMs, double ChartsMs, double DocxMs, byte[] Docx, Report Report);

    private static int Main(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var lang = Option(args, "--lang") ?? "en";
        var seed = int.Parse(Option(args, "--seed") ?? "7", CultureInfo.InvariantCulture);
        var pandoc = Option(args, "--pandoc") ?? "pandoc";
        var output = Option(args, "--out");
        var keep = Option(args, "--keep");
        if (args.Contains("--once"))
        {
            return Once(seed, lang);
        }

        var loadBefore = LoadAverage();

        var prepare = Stopwatch.StartNew();
        var engagement = SyntheticEngagement.Create(seed);
        prepare.Stop();
        var work = Directory.CreateTempSubdirectory("rempart-bench-roadmap-");
        try
        {
            // Warm-up pair. Rempart's first run is also the one whose report gives pandoc its Markdown and PNGs.
            var rempartFirst = RenderWithRempart(engagement, lang);
            var markdown = PandocInput(rempartFirst.Report, work.FullName);
            var mdPath = Path.Combine(work.FullName, "roadmap.md");
            File.WriteAllText(mdPath, markdown, new UTF8Encoding(false));
            var pandocOut = Path.Combine(work.FullName, "pandoc.docx");
            var pandocFirst = RunPandoc(pandoc, work.FullName, mdPath, pandocOut);

            var rempart = new List<RempartRun>();
            var pandocMs = new List<double>();
            var freshMs = new List<(double Wall, double Data)>();
            for (var i = 0; i < runs; i++)
            {
                // Alternate which side goes first, so that neither always inherits the other's caches or the machine's mood.
                if (i % 2 == 0)
                {
                    rempart.Add(RenderWithRempart(engagement, lang));
                    pandocMs.Add(RunPandoc(pandoc, work.FullName, mdPath, pandocOut));
                }
                else
                {
                    pandocMs.Add(RunPandoc(pandoc, work.FullName, mdPath, pandocOut));
                    rempart.Add(RenderWithRempart(engagement, lang));
                }

                // For information: Rempart as a fresh process, paying what pandoc pays (process start, loading, JIT).
                freshMs.Add(RunFresh(seed, lang));
                Console.Error.WriteLine($"run {i + 1}/{runs}: Rempart {rempart[^1].TotalMs:0} ms, pandoc {pandocMs[^1]:0} ms, Rempart as a fresh process {freshMs[^1].Wall:0} ms");
            }

            var docx = rempart[^1].Docx;
            var rempartErrors = Validate(docx, out var firstErrors);
            var pandocDocx = File.ReadAllBytes(pandocOut);
            var pandocErrors = Validate(pandocDocx, out _);
            if (keep is not null)
            {
                Directory.CreateDirectory(keep);
                File.WriteAllBytes(Path.Combine(keep, "rempart.docx"), docx);
                File.Copy(pandocOut, Path.Combine(keep, "pandoc.docx"), overwrite: true);
                File.Copy(mdPath, Path.Combine(keep, "roadmap.md"), overwrite: true);
            }

            var text = Results(engagement, lang, seed, runs, prepare.Elapsed.TotalMilliseconds, rempartFirst, rempart, pandocFirst, pandocMs, freshMs, docx.Length, rempartErrors, firstErrors,
                pandocDocx.Length, pandocErrors, Encoding.UTF8.GetByteCount(markdown), PandocVersion(pandoc), loadBefore, LoadAverage());
            Console.WriteLine(text);
            if (output is not null)
            {
                File.WriteAllText(output, text, new UTF8Encoding(false));
            }

            return rempartErrors == 0 ? 0 : 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The child of <see cref="RunFresh"/>: data, then one render; prints how long the data took.</summary>
    private static int Once(int seed, string lang)
    {
        var clock = Stopwatch.StartNew();
        var engagement = SyntheticEngagement.Create(seed);
        var data = clock.Elapsed.TotalMilliseconds;
        var run = RenderWithRempart(engagement, lang);
        Console.WriteLine(data.ToString("0.0", CultureInfo.InvariantCulture));
        return run.Docx.Length > 0 ? 0 : 1;
    }

    /// <summary>This benchmark started again with <c>--once</c>, process start to exit, and the data's share of it.</summary>
    private static (double Wall, double Data) RunFresh(int seed, string lang)
    {
        Settle();
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        foreach (var arg in new[] { "--once", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--lang", lang })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the benchmark again.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return process.ExitCode == 0
            ? (elapsed, double.Parse(stdout.Result.Trim(), CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"The fresh process failed ({process.ExitCode}): {stderr.Result}");
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The whole path from data to DOCX bytes: scoring, the report's blocks, the two charts as PNG, Word.</summary>
    private static RempartRun RenderWithRempart(SyntheticEngagement engagement, string lang)
    {
        Settle();
        var culture = CultureInfo.GetCultureInfo(lang);
        var clock = Stopwatch.StartNew();
        var card = Scorer.Score(engagement.Scoring);
        var scored = clock.Elapsed.TotalMilliseconds;
        var report = RoadmapReport.Build(engagement, card, lang);
        var built = clock.Elapsed.TotalMilliseconds;
        RoadmapReport.AddCharts(report, engagement.Catalog, card, lang);
        var charted = clock.Elapsed.TotalMilliseconds;
        var docx = DocxReport.Render(report, CoreMessages.Format("Doc.Page", culture));
        var total = clock.Elapsed.TotalMilliseconds;
        return new RempartRun(total, scored, built - scored, charted - built, total - charted, docx, report);
    }

    /// <summary>pandoc from process start to exit; its input (Markdown and the two PNGs) is already on disk.</summary>
    private static double RunPandoc(string pandoc, string directory, string input, string output)
    {
        File.Delete(output);
        Settle();
        var start = new ProcessStartInfo(pandoc)
        {
            WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            ArgumentList = { "-f", "markdown", "-t", "docx", "-o", output, input },
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {pandoc}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"pandoc failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }

        return elapsed;
    }

    /// <summary>Leaves no garbage of the previous run to be collected inside the next one's timing.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// The report's own Markdown edition, with each chart's PNG put back where the Word edition has its picture (a figure
    /// whose caption is the chart's caption), so that pandoc embeds the same two images.
    /// </summary>
    private static string PandocInput(Report report, string directory)
    {
        var markdown = report.ToMarkdown();
        var n = 0;
        foreach (var image in report.Blocks.OfType<ImageBlock>())
        {
            var file = $"chart{++n}.png";
            File.WriteAllBytes(Path.Combine(directory, file), image.Png);
            var caption = $"*{image.Caption}*\n\n";
            var at = markdown.LastIndexOf(caption, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new InvalidOperationException($"The chart caption '{image.Caption}' is not in the Markdown.");
            }

            markdown = string.Concat(markdown.AsSpan(0, at), $"![{image.Caption}]({file}){{width=17cm}}\n\n", markdown.AsSpan(at + caption.Length));
        }

        return markdown;
    }

    private static int Validate(byte[] docx, out IReadOnlyList<string> first)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var errors = new OpenXmlValidator().Validate(document).ToList();
        first = [.. errors.Take(5).Select(e => $"{e.Path?.XPath}: {e.Description}")];
        return errors.Count;
    }

    private static string PandocVersion(string pandoc)
    {
        var start = new ProcessStartInfo(pandoc) { RedirectStandardOutput = true, UseShellExecute = false, ArgumentList = { "--version" } };
        using var process = Process.Start(start);
        var first = process?.StandardOutput.ReadLine() ?? "?";
        process?.StandardOutput.ReadToEnd();
        process?.WaitForExit();
        return first;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Cpu() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Results(
        SyntheticEngagement engagement, string lang, int seed, int runs, double prepareMs, RempartRun rempartFirst, List<RempartRun> rempart, double pandocFirst, List<double> pandoc, List<(double Wall, double Data)> fresh,
        int docxBytes, int docxErrors, IReadOnlyList<string> firstErrors, int pandocBytes, int pandocErrors, int markdownBytes, string pandocVersion, string loadBefore, string loadAfter)
    {
        var inv = CultureInfo.InvariantCulture;
        string Ms(double value) => value.ToString("0", inv);
        string Ratio(double value) => value.ToString("0.00", inv);
        string Kb(int bytes) => (bytes / 1024.0).ToString("0", inv) + " KB";
        var totals = rempart.Select(r => r.TotalMs).ToList();
        var ratio = Median(totals) / Median(pandoc);
        var paired = Median(totals.Zip(pandoc, (r, p) => r / p));
        var report = rempartFirst.Report;
        var blocks = report.Blocks;
        var tables = blocks.OfType<TableBlock>().ToList();
        var card = Scorer.Score(engagement.Scoring);
        var md = new StringBuilder();
        md.Append(inv, $"## Roadmap rendering (issue #7): run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n");
        md.Append(inv, $"Content (seed {seed}, language {lang}): {engagement.Catalog.Questions.Count} questions ({engagement.Catalog.Frameworks.Count} frameworks × {engagement.Catalog.Themes.Count} themes), ")
            .Append(inv, $"{engagement.Entities.Count} entities, {engagement.Recommendations.Count} recommendations; {card.Needs.Count} needs, {card.Strengths.Count} strengths, {card.Priorities.Count} priorities. ")
            .Append(inv, $"Report: {blocks.Count} blocks, {blocks.OfType<HeadingBlock>().Count()} headings, {blocks.OfType<ParagraphBlock>().Count()} paragraphs, ")
            .Append(inv, $"{tables.Count} tables ({tables.Count(t => t.Landscape)} landscape, {tables.Sum(t => t.Rows.Count)} rows) and 2 charts with their tables; Markdown {Kb(markdownBytes)}. ")
            .Append(inv, $"Synthetic data made in {Ms(prepareMs)} ms, before anything is timed.\n\n");
        md.Append(inv, $"Machine: {Cpu()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; {pandocVersion}. ")
            .Append(inv, $"Load average before {loadBefore}, after {loadAfter}.\n\n");
        md.Append(inv, $"One warm-up each, then {runs} measured runs, alternating which side goes first; times in ms.\n\n");
        md.Append("| side | warm-up (first) run | median | min | max |\n|---|---:|---:|---:|---:|\n");
        md.Append(inv, $"| Rempart: scoring + report + 2 charts (PNG) + DOCX, in process | {Ms(rempartFirst.TotalMs)} | {Ms(Median(totals))} | {Ms(totals.Min())} | {Ms(totals.Max())} |\n");
        md.Append(inv, $"| pandoc `-f markdown -t docx`, same content + same 2 PNGs, process start to exit | {Ms(pandocFirst)} | {Ms(Median(pandoc))} | {Ms(pandoc.Min())} | {Ms(pandoc.Max())} |\n");
        md.Append(inv, $"| **ratio Rempart / pandoc** | {Ratio(rempartFirst.TotalMs / pandocFirst)} | **{Ratio(ratio)}** | {Ratio(totals.Min() / pandoc.Min())} | |\n");
        var freshWall = fresh.Select(f => f.Wall).ToList();
        var freshRender = fresh.Select(f => f.Wall - f.Data).ToList();
        md.Append(inv, $"| for information: Rempart as a fresh process (runtime start, loading, JIT), synthetic data ({Ms(Median(fresh.Select(f => f.Data)))} ms) taken out | | {Ms(Median(freshRender))} | {Ms(freshRender.Min())} | {Ms(freshRender.Max())} |\n");
        md.Append(inv, $"| ratio fresh process / pandoc | | {Ratio(Median(freshRender) / Median(pandoc))} | {Ratio(freshRender.Min() / pandoc.Min())} | |\n\n");
        md.Append(inv, $"Fresh process wall time including the synthetic data: median {Ms(Median(freshWall))} ms. ");
        md.Append(inv, $"Median of the per-run ratios: {Ratio(paired)}. Goal: at most {Ratio(Goal)}: **{(ratio <= Goal ? "met" : "missed")}**.\n\n");
        md.Append("Rempart's time by step (median ms; warm-up in brackets):\n\n| scoring | report blocks | 2 charts to PNG | DOCX render |\n|---:|---:|---:|---:|\n");
        md.Append(inv, $"| {Ms(Median(rempart.Select(r => r.ScoreMs)))} ({Ms(rempartFirst.ScoreMs)}) | {Ms(Median(rempart.Select(r => r.ReportMs)))} ({Ms(rempartFirst.ReportMs)}) ")
            .Append(inv, $"| {Ms(Median(rempart.Select(r => r.ChartsMs)))} ({Ms(rempartFirst.ChartsMs)}) | {Ms(Median(rempart.Select(r => r.DocxMs)))} ({Ms(rempartFirst.DocxMs)}) |\n\n");
        md.Append("Per run (Rempart / pandoc / fresh process without data, ms): ")
            .Append(string.Join(", ", totals.Select((r, i) => $"{Ms(r)} / {Ms(pandoc[i])} / {Ms(freshRender[i])}"))).Append("\n\n");
        md.Append(inv, $"Outputs: Rempart's DOCX {Kb(docxBytes)}, OpenXmlValidator errors: **{docxErrors}**; pandoc's DOCX {Kb(pandocBytes)} ({pandocErrors} OpenXmlValidator errors, for information).\n");
        foreach (var error in firstErrors)
        {
            md.Append("- ").Append(error).Append('\n');
        }

        return md.ToString();
    }
}
