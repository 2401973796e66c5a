using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Rempart.Core.Data;
using Rempart.Core.Documents;

namespace Rempart.Core.Interdependencies;

/// <summary>One problem in an input file: where (file, line, column) and what to do (a message key of Core's resources).</summary>
/// <param name="File">File name as given.</param>
/// <param name="Line">Line number in the file (the header is line 1).</param>
/// <param name="Column">The column's name as written in the header.</param>
/// <param name="Key">Message key; the message receives file, line and column as {0}, {1} and {2}, then <paramref name="Arguments"/>.</param>
/// <param name="Arguments">The message's other arguments.</param>
public sealed record GraphInputProblem(string File, int Line, string Column, string Key, params object[] Arguments)
{
    public string MessageIn(CultureInfo culture) => CoreMessages.Format(Key, culture, [File, Line, Column, .. Arguments]);
}

/// <summary>The input files were refused; every problem found (up to <see cref="GraphCsv.MaxProblems"/>) is listed, and how many more there were.</summary>
public sealed class GraphInputException(IReadOnlyList<GraphInputProblem> problems, int more)
    : Exception(string.Join(Environment.NewLine, problems.Select(p => p.MessageIn(CultureInfo.InvariantCulture))))
{
    public IReadOnlyList<GraphInputProblem> Problems { get; } = problems;

    public int More { get; } = more;
}

/// <summary>The graph read from files, and the dependency columns that were present but not used.</summary>
public sealed record GraphInput(DependencyGraph Graph, IReadOnlyList<string> IgnoredDependencyColumns);

/// <summary>
/// Reads sites and dependencies from CSV. Sites: the site import format (header row, at least <c>code</c>; also
/// used when present: <c>sector</c>, <c>services</c>, <c>people</c> or else <c>capacity</c> as people, <c>latitude</c>,
/// <c>longitude</c>; other columns are ignored). Dependencies: header row with at least <c>dependent</c>,
/// <c>supplier</c>, <c>kind</c>, <c>probability</c>, <c>hours</c>, and optionally <c>redundancy_group</c> and <c>k</c>;
/// other columns are ignored and named back to the caller. UTF-8 with or without BOM, or Windows-1252 (as
/// <see cref="TabularFile"/> decides); comma, semicolon or tab; decimal point or comma. Nothing is half read: any
/// problem refuses the files, with each problem's line and column.
/// <para>A redundancy group is named per dependent: rows with the same dependent and group are that dependent's
/// redundant suppliers. k is how many must fail; without k on any of the group's rows, all of them must.</para>
/// </summary>
public static class GraphCsv
{
    public const int MaxProblems = 50;

    private static readonly string[] SiteRequired = ["code"];
    private static readonly string[] DependencyRequired = ["dependent", "supplier", "kind", "probability", "hours"];

    private static readonly Dictionary<string, string[]> SiteAliases = new(StringComparer.Ordinal)
    {
        ["code"] = ["code", "site", "site code", "code site"],
        ["sector"] = ["sector", "secteur"],
        ["services"] = ["services"],
        ["people"] = ["people", "personnes", "population"],
        ["capacity"] = ["capacity", "capacité"],
        ["latitude"] = ["latitude", "lat"],
        ["longitude"] = ["longitude", "lon", "lng"],
    };

    private static readonly Dictionary<string, string[]> DependencyAliases = new(StringComparer.Ordinal)
    {
        ["dependent"] = ["dependent", "dépendant"],
        ["supplier"] = ["supplier", "fournisseur"],
        ["kind"] = ["kind", "type", "nature"],
        ["probability"] = ["probability", "probabilité", "strength"],
        ["hours"] = ["hours", "heures", "time to impact"],
        ["redundancy_group"] = ["redundancy group", "group", "groupe de redondance", "groupe"],
        ["k"] = ["k"],
    };

    public static GraphInput Read(byte[] sites, string sitesFile, byte[] dependencies, string dependenciesFile)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(dependencies);
        var problems = new Problems();
        var siteList = ReadSites(sites, sitesFile, problems);
        var index = new Dictionary<string, int>(siteList.Count, StringComparer.Ordinal);
        for (var i = 0; i < siteList.Count; i++)
        {
            index.TryAdd(siteList[i].Code, i);
        }

        var (dependencyList, ignored) = ReadDependencies(dependencies, dependenciesFile, sitesFile, index, problems);
        problems.ThrowIfAny();
        return new GraphInput(DependencyGraph.Build(siteList, dependencyList), ignored);
    }

    /// <summary>Dependencies alone, against sites known by code (for an engagement's inventory); all or nothing.</summary>
    public static IReadOnlyList<Dependency> ReadDependencies(byte[] dependencies, string file, IReadOnlyDictionary<string, int> siteIndex, string sitesName)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(siteIndex);
        var problems = new Problems();
        var (list, _) = ReadDependencies(dependencies, file, sitesName, new Dictionary<string, int>(siteIndex, StringComparer.Ordinal), problems);
        problems.ThrowIfAny();
        return list;
    }

    private static List<Site> ReadSites(byte[] bytes, string file, Problems problems)
    {
        var sites = new List<Site>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var table = Table.Open(bytes, file, SiteAliases, SiteRequired, problems);
        if (table is null)
        {
            return sites;
        }

        using (table)
        {
            while (table.Next())
            {
                var code = table.Get("code");
                if (code.Length == 0)
                {
                    problems.Add(table.Problem("code", "Graph.Input.EmptyCode"));
                    continue;
                }

                if (!firstLine.TryAdd(code, table.Line))
                {
                    problems.Add(table.Problem("code", "Graph.Input.DuplicateSite", code, firstLine[code]));
                    continue;
                }

                var services = table.Number("services", 1, 0, double.MaxValue, "Graph.Input.Weight");
                var people = table.Has("people")
                    ? table.Number("people", 0, 0, double.MaxValue, "Graph.Input.Weight")
                    : table.Number("capacity", 0, 0, double.MaxValue, "Graph.Input.Weight");
                var latitude = table.Optional("latitude", -90, 90, "Graph.Input.Coordinate");
                var longitude = table.Optional("longitude", -180, 180, "Graph.Input.Coordinate");
                var sector = table.Get("sector");
                sites.Add(new Site(code, sector.Length == 0 ? null : sector, services, people, latitude, longitude));
            }
        }

        return sites;
    }

    private static (List<Dependency> Dependencies, IReadOnlyList<string> Ignored) ReadDependencies(byte[] bytes, string file, string sitesFile, Dictionary<string, int> sites, Problems problems)
    {
        var result = new List<Dependency>();
        var table = Table.Open(bytes, file, DependencyAliases, DependencyRequired, problems);
        if (table is null)
        {
            return (result, []);
        }

        var lineOfPair = new Dictionary<(int, int), int>();
        var groups = new Dictionary<(int Dependent, string Group), GroupRows>();
        var rowGroup = new List<(int Row, GroupRows? Group)>();
        using (table)
        {
            while (table.Next())
            {
                var dependent = Site(table, "dependent", sites, sitesFile, problems);
                var supplier = Site(table, "supplier", sites, sitesFile, problems);
                var kind = Kind(table, problems);
                var probability = table.Number("probability", double.NaN, 0, 1, "Graph.Input.Probability");
                var hours = table.Number("hours", double.NaN, 0, double.MaxValue, "Graph.Input.Hours");
                var group = table.Get("redundancy_group");
                int? k = null;
                var kText = table.Get("k");
                if (kText.Length > 0)
                {
                    if (int.TryParse(kText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 1)
                    {
                        k = parsed;
                    }
                    else
                    {
                        problems.Add(table.Problem("k", "Graph.Input.KInvalid", kText));
                    }
                }

                if (k > 1 && group.Length == 0)
                {
                    problems.Add(table.Problem("k", "Graph.Input.KWithoutGroup", k.Value));
                }

                if (dependent < 0 || supplier < 0 || kind is null || double.IsNaN(probability) || double.IsNaN(hours))
                {
                    continue;
                }

                if (dependent == supplier)
                {
                    problems.Add(table.Problem("supplier", "Graph.Input.SelfDependency", table.Get("supplier")));
                    continue;
                }

                if (!lineOfPair.TryAdd((dependent, supplier), table.Line))
                {
                    problems.Add(table.Problem("supplier", "Graph.Input.DuplicateDependency", table.Get("dependent"), table.Get("supplier"), lineOfPair[(dependent, supplier)]));
                    continue;
                }

                GroupRows? rows = null;
                if (group.Length > 0)
                {
                    if (!groups.TryGetValue((dependent, group), out rows))
                    {
                        rows = new GroupRows(group, table.Get("dependent"));
                        groups.Add((dependent, group), rows);
                    }

                    rows.Size++;
                    if (k is { } given)
                    {
                        if (rows.K is null)
                        {
                            rows.K = given;
                            rows.KLine = table.Line;
                        }
                        else if (rows.K != given)
                        {
                            problems.Add(table.Problem("k", "Graph.Input.KMismatch", given, group, rows.DependentCode, rows.K.Value, rows.KLine));
                        }
                    }
                }

                rowGroup.Add((result.Count, rows));
                result.Add(new Dependency(supplier, dependent, kind.Value, probability, hours, group.Length == 0 ? null : group));
            }
        }

        foreach (var rows in groups.Values)
        {
            if (rows.K > rows.Size)
            {
                problems.Add(new GraphInputProblem(file, rows.KLine, table.ColumnName("k"), "Graph.Input.KTooLarge", rows.K.Value, rows.Name, rows.DependentCode, rows.Size));
            }
        }

        foreach (var (row, rows) in rowGroup)
        {
            if (rows is not null)
            {
                result[row] = result[row] with { K = rows.K ?? rows.Size };
            }
        }

        return (result, table.Ignored);
    }

    private static int Site(Table table, string column, Dictionary<string, int> sites, string sitesFile, Problems problems)
    {
        var code = table.Get(column);
        if (sites.TryGetValue(code, out var index))
        {
            return index;
        }

        problems.Add(code.Length == 0 ? table.Problem(column, "Graph.Input.EmptyCode") : table.Problem(column, "Graph.Input.UnknownSite", code, sitesFile));
        return -1;
    }

    private static DependencyKind? Kind(Table table, Problems problems)
    {
        var text = table.Get("kind");
        DependencyKind? kind = TabularFile.FoldColumnName(text) switch
        {
            "physical" or "physique" => DependencyKind.Physical,
            "cyber" or "cybernetique" or "information" => DependencyKind.Cyber,
            "geographic" or "geographical" or "geographique" => DependencyKind.Geographic,
            "logical" or "logique" => DependencyKind.Logical,
            _ => null,
        };
        if (kind is null)
        {
            problems.Add(table.Problem("kind", "Graph.Input.Kind", text));
        }

        return kind;
    }

    /// <summary>A number as people type it: decimal point or comma, spaces as thousands separators.</summary>
    internal static bool TryParseNumber(string text, out double value)
    {
        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal);
        if (cleaned.Contains(',', StringComparison.Ordinal) && !cleaned.Contains('.', StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace(',', '.');
        }

        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private sealed class GroupRows(string name, string dependentCode)
    {
        public string Name { get; } = name;

        public string DependentCode { get; } = dependentCode;

        public int Size { get; set; }

        public int? K { get; set; }

        public int KLine { get; set; }
    }

    private sealed class Problems
    {
        private readonly List<GraphInputProblem> _list = [];
        private int _more;

        public void Add(GraphInputProblem problem)
        {
            if (_list.Count < MaxProblems)
            {
                _list.Add(problem);
            }
            else
            {
                _more++;
            }
        }

        public void ThrowIfAny()
        {
            if (_list.Count > 0)
            {
                throw new GraphInputException(_list, _more);
            }
        }
    }

    /// <summary>A CSV file read row by row (CsvHelper's parser over the detected encoding), with its header's columns matched by alias.</summary>
    private sealed class Table : IDisposable
    {
        private readonly StreamReader _reader;
        private readonly CsvParser _parser;
        private readonly Dictionary<string, int> _columns;
        private readonly Dictionary<string, string> _names;
        private readonly Problems _problems;
        private string[] _record = [];

        private Table(StreamReader reader, CsvParser parser, string file, Dictionary<string, int> columns, Dictionary<string, string> names, IReadOnlyList<string> ignored, Problems problems)
        {
            _reader = reader;
            _parser = parser;
            File = file;
            _columns = columns;
            _names = names;
            Ignored = ignored;
            _problems = problems;
        }

        public string File { get; }

        public int Line { get; private set; }

        public IReadOnlyList<string> Ignored { get; }

        public static Table? Open(byte[] bytes, string file, Dictionary<string, string[]> aliases, string[] required, Problems problems)
        {
            var encoding = TabularFile.DetectEncoding(bytes, out var preamble);
            var reader = new StreamReader(new MemoryStream(bytes, preamble, bytes.Length - preamble, writable: false), encoding, detectEncodingFromByteOrderMarks: false);
            var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                HasHeaderRecord = false,
                DetectDelimiter = true,
                DetectDelimiterValues = [";", ",", "\t"],
                BadDataFound = null,
                MissingFieldFound = null,
            });
            string[]? header = null;
            try
            {
                while (parser.Read())
                {
                    var record = parser.Record ?? [];
                    if (record.Any(c => !string.IsNullOrWhiteSpace(c)))
                    {
                        header = record;
                        break;
                    }
                }
            }
            catch (CsvHelperException)
            {
                header = null;
            }

            if (header is null)
            {
                parser.Dispose();
                reader.Dispose();
                problems.Add(new GraphInputProblem(file, 1, "", "Graph.Input.Empty"));
                return null;
            }

            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            var ignored = new List<string>();
            for (var i = 0; i < header.Length; i++)
            {
                var folded = TabularFile.FoldColumnName(header[i]);
                var match = aliases.FirstOrDefault(a => TabularFile.FoldColumnName(a.Key) == folded || a.Value.Any(alias => TabularFile.FoldColumnName(alias) == folded)).Key;
                if (match is not null && columns.TryAdd(match, i))
                {
                    names[match] = header[i].Trim();
                }
                else if (!string.IsNullOrWhiteSpace(header[i]))
                {
                    ignored.Add(header[i].Trim());
                }
            }

            var missing = required.Where(r => !columns.ContainsKey(r)).ToList();
            if (missing.Count > 0)
            {
                foreach (var column in missing)
                {
                    problems.Add(new GraphInputProblem(file, parser.Row, column, "Graph.Input.MissingColumn", string.Join(", ", required)));
                }

                parser.Dispose();
                reader.Dispose();
                return null;
            }

            return new Table(reader, parser, file, columns, names, ignored, problems);
        }

        /// <summary>Moves to the next row that is not blank.</summary>
        public bool Next()
        {
            try
            {
                while (_parser.Read())
                {
                    _record = _parser.Record ?? [];
                    Line = _parser.Row;
                    if (Array.Exists(_record, c => !string.IsNullOrWhiteSpace(c)))
                    {
                        return true;
                    }
                }
            }
            catch (CsvHelperException)
            {
                _problems.Add(new GraphInputProblem(File, _parser.Row, "", "Graph.Input.Unreadable"));
            }

            return false;
        }

        public bool Has(string column) => _columns.ContainsKey(column);

        public string ColumnName(string column) => _names.TryGetValue(column, out var name) ? name : column;

        public string Get(string column) =>
            _columns.TryGetValue(column, out var i) && i < _record.Length ? _record[i].Trim() : "";

        public GraphInputProblem Problem(string column, string key, params object[] arguments) => new(File, Line, ColumnName(column), key, arguments);

        /// <summary>The column's number, <paramref name="fallback"/> when the column is absent or (if the fallback is not NaN) empty.</summary>
        public double Number(string column, double fallback, double min, double max, string key)
        {
            var text = Get(column);
            if (text.Length == 0 && (!Has(column) || !double.IsNaN(fallback)))
            {
                return fallback;
            }

            if (TryParseNumber(text, out var value) && value >= min && value <= max)
            {
                return value;
            }

            _problems.Add(Problem(column, key, text));
            return double.NaN;
        }

        public double? Optional(string column, double min, double max, string key)
        {
            var text = Get(column);
            if (text.Length == 0)
            {
                return null;
            }

            if (TryParseNumber(text, out var value) && value >= min && value <= max)
            {
                return value;
            }

            _problems.Add(Problem(column, key, text));
            return null;
        }

        public void Dispose()
        {
            _parser.Dispose();
            _reader.Dispose();
        }
    }
}
