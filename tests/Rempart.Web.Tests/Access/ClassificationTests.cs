using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Documents;
using Rempart.Core.Engagements;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>TLP labels: on engagements and findings (readers below a finding's label never see it) and on every file handed out.</summary>
public sealed partial class ClassificationTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [GeneratedRegex(@"\{(?<name>[^}:?]+)[^}]*\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task Findings_above_a_readers_label_are_left_out_of_lists_pages_and_exports()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        using var energy = await app.SignedIn("energy@demo.rempart.example", "en");
        using var donor = await app.SignedIn("donor@demo.rempart.example", "en");
        var all = (await officer.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, Ct))!;
        var byEnergy = (await energy.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, Ct))!;
        var byDonor = (await donor.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, Ct))!;

        all.Select(f => f.Classification).Should().Contain([Tlp.Green, Tlp.Amber, Tlp.AmberStrict], "the demo labels strengths GREEN and one energy gap AMBER+STRICT");
        var strict = all.First(f => f.Classification == Tlp.AmberStrict);
        byEnergy.Select(f => f.Id).Should().BeEquivalentTo(all.Where(f => Tlp.Within(f.Classification, Tlp.Amber)).Select(f => f.Id), "a respondent reads up to TLP:AMBER, even about its own sector");
        byEnergy.Should().NotContain(f => f.Id == strict.Id);
        byDonor.Should().NotBeEmpty().And.OnlyContain(f => f.Classification == Tlp.Green, "a donor reads up to TLP:GREEN");
        byDonor.Should().HaveCount(all.Count(f => f.Classification == Tlp.Green));

        (await energy.GetAsync(new Uri($"/engagements/CIV-2024/findings/{strict.Id}", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await energy.GetAsync(new Uri($"/api/v1/engagements/CIV-2024/findings/{strict.Id}/history", UriKind.Relative), Ct)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var page = WebUtility.HtmlDecode(await donor.GetStringAsync(new Uri("/engagements/CIV-2024/findings", UriKind.Relative), Ct));
        page.Should().Contain(byDonor[0].TextIn("fr")).And.NotContain(all.First(f => f.Classification == Tlp.Amber).TextIn("fr"));
    }

    [Fact]
    public async Task A_new_finding_takes_the_engagements_label_unless_given_one_and_a_merge_keeps_the_strictest()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        async Task<HttpResponseMessage> Capture(string text, string? classification) => await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings",
            new { kind = "Gap", textEn = text, sessionCode = "J2-S2", confidence = "High", classification }, Ct);

        using var plain = await Capture("Label test: no label given.", null);
        var a = (await plain.Content.ReadFromJsonAsync<FindingView>(Json, Ct))!;
        a.Classification.Should().Be(Tlp.Amber, "the engagement's label");
        using var red = await Capture("Label test: red.", "red");
        var b = (await red.Content.ReadFromJsonAsync<FindingView>(Json, Ct))!;
        b.Classification.Should().Be(Tlp.Red, "labels are read whatever their case, with or without TLP:");
        using var wrong = await Capture("Label test: wrong.", "TLP:PURPLE");
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync(Ct)).Should().Contain("TLP:PURPLE").And.Contain("TLP:AMBER+STRICT");

        using var merge = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings/merge", new { findings = new[] { a.Id, b.Id } }, Ct);
        (await merge.Content.ReadFromJsonAsync<FindingView>(Json, Ct))!.Classification.Should().Be(Tlp.Red);

        // The engagement's label changes, and with it the label of new findings and of its files.
        var profile = await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/TGO-2023/profile", Ct);
        var stamp = profile.GetProperty("concurrencyStamp").GetGuid();
        var current = profile.GetProperty("profile");
        using var update = await officer.PutAsJsonAsync("/api/v1/engagements/TGO-2023/profile", new
        {
            profile = new
            {
                programmeEn = current.GetProperty("programmeEn").GetString(), programmeFr = current.GetProperty("programmeFr").GetString(),
                organisations = current.GetProperty("organisations"), classification = "TLP:AMBER+STRICT",
            },
            concurrencyStamp = stamp,
        }, Ct);
        update.StatusCode.Should().Be(HttpStatusCode.OK, await update.Content.ReadAsStringAsync(Ct));
        (await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/TGO-2023", Ct)).GetProperty("engagement").GetProperty("classification").GetString().Should().Be(Tlp.AmberStrict);
        using var list = await officer.GetAsync(new Uri("/api/v1/engagements/TGO-2023/exports/lists/plan.csv", UriKind.Relative), Ct);
        list.Headers.GetValues("TLP").Should().Equal(Tlp.AmberStrict);
        list.Content.Headers.ContentDisposition!.FileNameStar.Should().Contain(".TLP-AMBER-STRICT.csv");
    }

    [Fact]
    public async Task Every_file_handed_out_carries_its_label_in_a_header_in_its_name_and_on_every_page_of_a_workbook_or_document()
    {
        using var admin = await app.SignedIn("admin@demo.rempart.example", "en");
        var values = await ValuesAsync();
        var routes = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                && (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains("GET"))
            .Select(e => e.RoutePattern.RawText!)
            .Distinct()
            .ToList();
        var paths = new List<string>();
        foreach (var pattern in routes)
        {
            foreach (var engagement in new[] { "CIV-2024", "TGO-2023" })
            {
                foreach (var variant in Variants(pattern))
                {
                    paths.Add("/" + Parameter().Replace(variant, m => m.Groups["name"].Value is "engagement" or "codeOrId" ? engagement : Uri.EscapeDataString(values.GetValueOrDefault(m.Groups["name"].Value, "x"))).TrimStart('/'));
                }
            }
        }

        var files = new List<(string Path, string Label, string Name)>();
        var failures = new List<string>();
        foreach (var path in paths.Distinct())
        {
            using var response = await admin.GetAsync(new Uri(path, UriKind.Relative), Ct);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{path}: {(int)response.StatusCode}");
            }
            if (response.Content.Headers.ContentDisposition is not { } disposition || disposition.DispositionType != "attachment")
            {
                continue;
            }

            var name = disposition.FileNameStar ?? disposition.FileName?.Trim('"') ?? "";
            var label = response.Headers.TryGetValues("TLP", out var found) ? found.Single() : null;
            if (label is null || Tlp.Parse(label) != label)
            {
                failures.Add($"{path}: no TLP header");
                continue;
            }

            if (!name.Contains("." + label.Replace(':', '-').Replace('+', '-') + ".", StringComparison.Ordinal))
            {
                failures.Add($"{path}: {name} does not carry {label}");
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
            if (name.EndsWith(".xlsx", StringComparison.Ordinal) && !WorkbookLabel.Read(bytes).All(l => l == label))
            {
                failures.Add($"{path}: a sheet does not print {label}");
            }

            if (name.EndsWith(".docx", StringComparison.Ordinal) && !DocxPrints(bytes, label))
            {
                failures.Add($"{path}: the document does not print {label} on its pages");
            }

            files.Add((path, label, name));
        }

        failures.Should().BeEmpty(string.Join("\n", failures));
        files.Should().HaveCountGreaterThan(20, "scores, charts, lists, documents, exports, sites, the audit trail and the catalog are files");
        files.Should().Contain(f => f.Path.EndsWith("/audit.csv", StringComparison.Ordinal) && f.Label == Tlp.Red, "the audit trail holds everything");
        files.Should().Contain(f => f.Path.Contains("/catalog", StringComparison.Ordinal) && f.Label == Tlp.Clear, "the catalog is public");
        files.Should().Contain(f => f.Path.EndsWith("/sites/export.geojson", StringComparison.Ordinal) && f.Label == Tlp.Red, "an administrator's export may hold every site");
        files.Should().Contain(f => f.Path.Contains("TGO-2023/roadmap/document.docx", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Variants(string pattern)
    {
        if (pattern.Contains("{format}", StringComparison.Ordinal))
        {
            return new[] { "docx", "md", "html", "csv", "xlsx", "geojson" }.Select(f => pattern.Replace("{format}", f, StringComparison.Ordinal));
        }

        if (pattern.Contains("{file}", StringComparison.Ordinal))
        {
            return new[] { "plan.csv", "funding.xlsx", "activities.xlsx" }.Select(f => pattern.Replace("{file}", f, StringComparison.Ordinal));
        }

        if (pattern.Contains("{table}", StringComparison.Ordinal))
        {
            return new[] { "questions", "frameworks" }.Select(f => pattern.Replace("{table}", f, StringComparison.Ordinal));
        }

        return [pattern];
    }

    private static bool DocxPrints(byte[] bytes, string label)
    {
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        var main = document.MainDocumentPart!;
        return main.HeaderParts.Any() && main.HeaderParts.All(h => h.Header!.InnerText.Contains(label, StringComparison.Ordinal))
            && main.FooterParts.All(f => f.Footer!.InnerText.Contains(label, StringComparison.Ordinal));
    }

    private async Task<Dictionary<string, string>> ValuesAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var civ = await db.Engagements.SingleAsync(e => e.Code == "CIV-2024", Ct);
        var eventCode = await db.ConsultationEvents.Where(e => e.EngagementId == civ.Id).Select(e => e.Code).FirstAsync(Ct);
        var entity = await db.NationalEntities.Where(n => n.EngagementId == civ.Id && n.Acronym == "MMPE").Select(n => n.Acronym).FirstAsync(Ct);
        var catalog = await db.CatalogVersions.Select(v => v.Key).FirstAsync(Ct);
        return new(StringComparer.Ordinal)
        {
            ["entity"] = entity, ["eventCode"] = eventCode, ["chart"] = "radar", ["key"] = catalog, ["version"] = catalog, ["language"] = "fr", ["lang"] = "fr",
        };
    }
}
