using System.Net;
using System.Text;
using System.Text.Json;
using Rempart.Web.Tests.Cli;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Exports;

/// <summary>The app on a fresh database with the CIV plan adopted and followed (reports, activities, funding).</summary>
public sealed class ExportApp : IAsyncLifetime
{
    public AppFixture App { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await App.InitializeAsync();
        await ExportSupport.AdoptAndFollowAsync(App.Factory.Services);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The export API and the <c>rempart export</c> command: who gets what, in which format, and nothing leaked.</summary>
public sealed class ExportWebTests(ExportApp fixture) : IClassFixture<ExportApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AppFixture App => fixture.App;

    private const string Base = "/api/v1/engagements/CIV-2024/exports/";

    [Theory]
    [InlineData("oscal-poam?lang=en", "application/json", "CIV-2024-poam.json")]
    [InlineData("oscal-results?lang=fr", "application/json", "CIV-2024-assessment-results.json")]
    [InlineData("iati", "application/xml", "CIV-2024-iati.xml")]
    [InlineData("lists/plan.csv", "text/csv", "CIV-2024-plan.csv")]
    [InlineData("lists/milestones.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "CIV-2024-milestones.xlsx")]
    [InlineData("lists/funding.csv?lang=fr", "text/csv", "CIV-2024-funding.csv")]
    public async Task Officer_GetsEachExport_WithItsContentTypeAndFileName(string path, string type, string name)
    {
        using var officer = await App.SignedIn("officer@demo.rempart.example");
        using var response = await officer.GetAsync(new Uri(Base + path, UriKind.Relative), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        response.Content.Headers.ContentType!.MediaType.Should().Be(type);
        // The name carries the file's TLP label before its extension (CIV-2024-plan.TLP-AMBER.csv).
        var label = response.Headers.GetValues("TLP").Single();
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').Should().Be(Path.GetFileNameWithoutExtension(name) + "." + label.Replace(':', '-').Replace('+', '-') + Path.GetExtension(name));
        (await response.Content.ReadAsByteArrayAsync(Ct)).Should().NotBeEmpty();
    }

    [Fact]
    public async Task Donor_IsRefusedOscal_AndGetsAScrubbedIatiFileThatValidates()
    {
        using var donor = await App.SignedIn("donor@demo.rempart.example");
        foreach (var path in new[] { "oscal-poam", "oscal-results", "lists/plan.csv" })
        {
            using var refused = await donor.GetAsync(new Uri(Base + path, UriKind.Relative), Ct);
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
            refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await refused.Content.ReadAsStringAsync(Ct)).Should().NotContain("CIV-2024-R");
        }

        using var iati = await donor.GetAsync(new Uri(Base + "iati", UriKind.Relative), Ct);
        iati.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await iati.Content.ReadAsByteArrayAsync(Ct);
        ExportSupport.ValidateIati(bytes).Should().BeEmpty();
        ExportSupport.Xml(bytes).Descendants("iati-identifier").Select(i => i.Value).Should().Equal($"{ExportSupport.LeadIatiRef}-CIV-2024-TA01");

        using var officer = await App.SignedIn("officer@demo.rempart.example");
        var all = ExportSupport.Xml(await officer.GetByteArrayAsync(new Uri(Base + "iati", UriKind.Relative), Ct));
        all.Descendants("iati-identifier").Should().HaveCount(3, "the officer sees the TLP:AMBER and the unfunded activities too");
    }

    [Theory]
    [InlineData("oscal-poam")]
    [InlineData("oscal-results")]
    [InlineData("iati")]
    [InlineData("lists/activities.csv")]
    [InlineData("lists/plan.xlsx")]
    public async Task MemberOfAnotherEngagement_GetsNotFound_AndNothingLeaks(string path)
    {
        using var togo = await App.SignedIn("togo@demo.rempart.example");
        using var response = await togo.GetAsync(new Uri(Base + path, UriKind.Relative), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.Should().NotContain("CIV-2024-R").And.NotContain("CIV-2024-TA").And.NotContain("workshop");
    }

    [Fact]
    public async Task UnknownList_IsNotFound_AsProblemDetailsInTheCallersLanguage()
    {
        using var officer = await App.SignedIn("officer@demo.rempart.example", "fr");
        using var response = await officer.GetAsync(new Uri(Base + "lists/secrets.csv", UriKind.Relative), Ct);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        problem.GetProperty("code").GetString().Should().Be("Export.NoList");
    }

    [Fact]
    public async Task Cli_WritesEachExport_AndABadEngagementExitsNonZeroWithAClearMessage()
    {
        var folder = Directory.CreateTempSubdirectory("rempart-export-").FullName;
        try
        {
            foreach (var (kind, file, extra) in new[]
            {
                ("oscal-poam", "poam.json", Array.Empty<string>()),
                ("oscal-results", "ar.json", Array.Empty<string>()),
                ("iati", "iati.xml", Array.Empty<string>()),
                ("csv", "plan.csv", Array.Empty<string>()),
                ("csv", "funding.xlsx", ["--list", "funding"]),
            })
            {
                var path = Path.Combine(folder, file);
                var (code, output, error) = await CliRun.RunAsync(App.Database, ["export", kind, "--engagement", "CIV-2024", "--as", "officer@demo.rempart.example", "--out", path,
                    "--lang", "en", "--language", "en", .. extra]);
                code.Should().Be(0, error);
                output.Should().Contain(path).And.Contain("Classification: TLP:");
                File.Exists(path).Should().BeTrue(kind);
            }

            JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "poam.json"), Ct)).RootElement.TryGetProperty("plan-of-action-and-milestones", out _).Should().BeTrue();
            ExportSupport.ValidateIati(await File.ReadAllBytesAsync(Path.Combine(folder, "iati.xml"), Ct)).Should().BeEmpty();
            Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path.Combine(folder, "plan.csv"), Ct)).Should().Contain("Recommendation,Title");
            (await File.ReadAllBytesAsync(Path.Combine(folder, "funding.xlsx"), Ct)).Take(2).Should().Equal((byte)'P', (byte)'K');
            Rempart.Core.Documents.WorkbookLabel.Read(await File.ReadAllBytesAsync(Path.Combine(folder, "funding.xlsx"), Ct)).Should().OnlyContain(l => l == "TLP:AMBER", "every sheet prints the engagement's label");

            var (bad, _, message) = await CliRun.RunAsync(App.Database, "export", "oscal-poam", "--engagement", "XYZ-1999", "--as", "officer@demo.rempart.example",
                "--out", Path.Combine(folder, "x.json"), "--language", "en");
            bad.Should().NotBe(0);
            message.Should().Contain("XYZ-1999");
            File.Exists(Path.Combine(folder, "x.json")).Should().BeFalse();

            var (forbidden, _, why) = await CliRun.RunAsync(App.Database, "export", "oscal-poam", "--engagement", "CIV-2024", "--as", "donor@demo.rempart.example",
                "--out", Path.Combine(folder, "y.json"), "--language", "en");
            forbidden.Should().Be(1);
            why.Should().NotBeEmpty();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
