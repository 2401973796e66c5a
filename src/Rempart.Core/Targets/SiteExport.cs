using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Auditing;
using Rempart.Core.Data;

namespace Rempart.Core.Targets;

/// <summary>
/// Writes the reader's sites as CSV (the import format, so that a file exported can be imported back) or GeoJSON,
/// streamed in pages, scrubbed by the reader's site ceiling, optionally lowered further with <c>maxLabel</c>. Every
/// export is recorded in the audit trail with its format and how many sites it holds.
/// </summary>
/// <summary>An export checked and ready to be written: the engagement opened for the reader, the file's label and format.</summary>
public sealed record SiteExportPlan(Engagements.EngagementContext Context, string Label, string Format);

public sealed class SiteExport(SiteService sites, AuditLog audit)
{
    private const int PageSize = 5000;

    public static readonly string[] ExportColumns = [.. SiteRules.Columns, "risk_index", "risk_band", "risk_method", "assessed_on"];

    /// <summary>
    /// Checks an export before any byte of it is written: the reader may read the engagement's sites, the format is
    /// known, and the label asked for is one. The plan's label is the most restricted one the file may hold (the
    /// reader's site clearance, or the lower one asked for): the export and its file name use it.
    /// </summary>
    public async Task<SiteExportPlan> PlanAsync(Viewer viewer, string engagement, string format, string? maxLabel = null, CancellationToken cancellationToken = default)
    {
        if (format is not ("csv" or "geojson"))
        {
            throw new DomainRuleException("Sites.Export.Format", format);
        }

        var (context, clearance) = await sites.OpenAsync(viewer, engagement, cancellationToken: cancellationToken);
        return new SiteExportPlan(context, Cap(clearance, maxLabel), format);
    }

    private static string Cap(string clearance, string? maxLabel)
    {
        if (string.IsNullOrWhiteSpace(maxLabel))
        {
            return clearance;
        }

        var label = Tlp.Parse(maxLabel) ?? throw new DomainRuleException("Sites.Row.Classification", maxLabel, string.Join(", ", Tlp.All));
        return Tlp.Rank(label) < Tlp.Rank(clearance) ? label : clearance;
    }

    public async Task<int> WriteAsync(Viewer viewer, string engagement, string format, Stream output, string? maxLabel = null, SiteFilter? filter = null, CancellationToken cancellationToken = default) =>
        await WriteAsync(await PlanAsync(viewer, engagement, format, maxLabel, cancellationToken), output, filter, cancellationToken);

    /// <summary>Writes a planned export (<see cref="PlanAsync"/>) page by page, and records it; returns how many sites it holds.</summary>
    public async Task<int> WriteAsync(SiteExportPlan plan, Stream output, SiteFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        var (context, ceiling, format) = (plan.Context, plan.Label, plan.Format);
        var query = sites.Visible(context, ceiling, filter).OrderBy(s => s.Code);
        var count = 0;
        var geo = format == "geojson";
        await using var writer = new StreamWriter(output, new UTF8Encoding(!geo), 1 << 16, leaveOpen: true);
        if (geo)
        {
            await writer.WriteAsync("{\"type\":\"FeatureCollection\",\"rempart\":" + JsonSerializer.Serialize(new { engagement = context.Code, classification = ceiling }) + ",\"features\":[\n");
        }
        await using var csv = geo ? null : new CsvHelper.CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }, leaveOpen: true);
        if (csv is not null)
        {
            foreach (var column in ExportColumns)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
        }

        string? after = null;
        while (true)
        {
            var page = await (after is null ? query : query.Where(s => string.Compare(s.Code, after) > 0)).Take(PageSize).ToListAsync(cancellationToken);
            foreach (var s in page)
            {
                if (geo)
                {
                    await writer.WriteAsync((count > 0 ? ",\n" : "") + Feature(s));
                }
                else
                {
                    foreach (var cell in Cells(s))
                    {
                        csv!.WriteField(cell);
                    }

                    await csv!.NextRecordAsync();
                }

                count++;
            }

            if (page.Count < PageSize)
            {
                break;
            }

            after = page[^1].Code;
        }

        if (geo)
        {
            await writer.WriteAsync("\n]}\n");
        }

        if (csv is not null)
        {
            await csv.FlushAsync();
        }

        await writer.FlushAsync(cancellationToken);
        await audit.RecordAsync(context.Viewer, context.Id, "sites.export", context.Code, new { format, sites = count, classification = ceiling }, cancellationToken);
        return count;
    }

    private static IEnumerable<string> Cells(Site s)
    {
        var inv = CultureInfo.InvariantCulture;
        return
        [
            s.Code, s.NameFr, s.NameEn, s.Kind == SiteKind.CriticalInfrastructure ? "ci" : "soft", s.Sector ?? "", s.Category ?? "", s.Operator ?? "",
            s.Latitude?.ToString("R", inv) ?? "", s.Longitude?.ToString("R", inv) ?? "", s.Region ?? "", s.Capacity?.ToString(inv) ?? "", s.Classification,
            s.Subsector ?? "", string.Join(';', s.Measures), s.ValidFrom?.ToString("yyyy-MM-dd", inv) ?? "", s.ValidTo?.ToString("yyyy-MM-dd", inv) ?? "",
            s.RiskIndex?.ToString("0.0", inv) ?? "", s.RiskBand ?? "", s.RiskMethod?.ToString().ToLowerInvariant() ?? "", s.AssessedOn?.ToString("yyyy-MM-dd", inv) ?? "",
        ];
    }

    private static string Feature(Site s)
    {
        var properties = new Dictionary<string, object?>
        {
            ["code"] = s.Code, ["name_fr"] = s.NameFr, ["name_en"] = s.NameEn, ["kind"] = s.Kind == SiteKind.CriticalInfrastructure ? "ci" : "soft",
            ["sector"] = s.Sector, ["subsector"] = s.Subsector, ["category"] = s.Category, ["operator"] = s.Operator, ["region"] = s.Region, ["capacity"] = s.Capacity,
            ["classification"] = s.Classification, ["measures"] = s.Measures,
            ["valid_from"] = s.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["valid_to"] = s.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var extra = new { risk_index = s.RiskIndex, risk_band = s.RiskBand, risk_method = s.RiskMethod?.ToString().ToLowerInvariant(), assessed_on = s.AssessedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        object? geometry = s.Latitude is { } lat && s.Longitude is { } lon ? new { type = "Point", coordinates = new[] { lon, lat } } : null;
        return JsonSerializer.Serialize(new { type = "Feature", id = s.Code, geometry, properties = properties.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value), rempart = extra });
    }
}
