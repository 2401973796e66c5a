using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Rempart.Core.Documents;
using Rempart.Core.Engagements;
using Rempart.Web.Engagements;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Engagements;

/// <summary>Consultation days, attendance sheets from Excel, findings and the Word documents, through the API.</summary>
public sealed class ConsultationTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static ConsultationTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string engagement, byte[] bytes, string fileName, string? session = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        if (session is not null)
        {
            form.Add(new StringContent(session), "session");
        }

        return await client.PostAsync(new Uri($"/api/v1/engagements/{engagement}/attendance/import", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    /// <summary>A token client: the import endpoint takes multipart uploads from scripts.</summary>
    private async Task<HttpClient> ScriptAsync(string email)
    {
        using var owner = await app.SignedIn(email);
        var created = await (await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "import", expiresInDays = 1 }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<Rempart.Web.Access.CreatedTokenResponse>(TestContext.Current.CancellationToken);
        var client = app.Anonymous("en");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created!.Token);
        return client;
    }

    [Fact]
    public async Task Demo_HasThreeDaysOfSessionsAndAboutSixtyFindings()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var events = await officer.GetFromJsonAsync<List<EventView>>("/api/v1/engagements/CIV-2024/events", Json, TestContext.Current.CancellationToken);
        var ev = events!.Single();
        ev.Sessions.Select(s => s.Day).Distinct().Should().HaveCount(3);
        ev.Sessions.Should().HaveCount(9).And.OnlyContain(s => s.Attendees.Count >= 15);
        var findings = await officer.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, TestContext.Current.CancellationToken);
        findings!.Count.Should().BeInRange(55, 70);
        findings.Select(f => f.Kind).Distinct().Should().HaveCount(5);
    }

    [Fact]
    public async Task Import_Windows1252SemicolonCsv_AddsNewcomersKeepsAccents_AndIsIdempotent()
    {
        using var script = await ScriptAsync("officer@demo.rempart.example");
        var csv = "Séance;Nom;Structure;Fonction;Sexe;Courriel\r\n" +
                  "J3-S1;Bérénice Ahoussou-Kpé;ONPC;Cheffe de la cellule de crise;F;berenice.ahoussou@onpc.demo.example\r\n" +
                  "J3-S1;Rodrigue Éhouman;CGIC;Chargé d'études, Côte d'Ivoire;M;\r\n";
        var bytes = Encoding.GetEncoding(1252).GetBytes(csv);
        using var first = await UploadAsync(script, "CIV-2024", bytes, "feuille-J3.csv");
        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var report = await first.Content.ReadFromJsonAsync<AttendanceImportResponse>(Json, TestContext.Current.CancellationToken);
        report!.Recorded.Should().Be(2);
        report.NewParticipants.Should().Be(2);

        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var participants = await officer.GetFromJsonAsync<List<ParticipantView>>("/api/v1/engagements/CIV-2024/participants", Json, TestContext.Current.CancellationToken);
        participants!.Should().Contain(p => p.FullName == "Bérénice Ahoussou-Kpé" && p.Gender == Gender.Female && p.EntityAcronym == "ONPC");
        participants.Should().Contain(p => p.Title == "Chargé d'études, Côte d'Ivoire");

        using var again = await UploadAsync(script, "CIV-2024", bytes, "feuille-J3.csv");
        var second = await again.Content.ReadFromJsonAsync<AttendanceImportResponse>(Json, TestContext.Current.CancellationToken);
        second!.Recorded.Should().Be(0);
        second.AlreadyRecorded.Should().Be(2);
        second.NewParticipants.Should().Be(0);
    }

    [Fact]
    public async Task Import_Utf8BomCommaCsvAndXlsx_WithSessionChosen()
    {
        using var script = await ScriptAsync("officer@demo.rempart.example");
        var csv = "\uFEFFName,Entity,Title,Sex,E-mail\nAïcha Fictive-Touré,MTL,Inspectrice,F,aicha.fictive@mtl.demo.example\n";
        using var utf8 = await UploadAsync(script, "CIV-2024", Encoding.UTF8.GetBytes(csv), "sheet.csv", "J2-S1");
        utf8.StatusCode.Should().Be(HttpStatusCode.OK, await utf8.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var xlsx = SimpleWorkbook.Write([new SheetData("Présences", ["Nom", "Structure", "Sexe"], [["Aïcha Fictive-Touré", "MTL", "F"], ["Jean-Paul Fictif", "MMPE", "H"]])]);
        using var sheet = await UploadAsync(script, "CIV-2024", xlsx, "presences.xlsx", "J2-S2");
        sheet.StatusCode.Should().Be(HttpStatusCode.OK, await sheet.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var report = await sheet.Content.ReadFromJsonAsync<AttendanceImportResponse>(Json, TestContext.Current.CancellationToken);
        report!.Recorded.Should().Be(2);
        report.NewParticipants.Should().Be(1, "Aïcha is matched by name and entity");
    }

    [Fact]
    public async Task Import_WithBadRows_ListsEveryOneAndImportsNothing()
    {
        using var script = await ScriptAsync("officer@demo.rempart.example");
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var before = (await officer.GetFromJsonAsync<List<ParticipantView>>("/api/v1/engagements/CIV-2024/participants", Json, TestContext.Current.CancellationToken))!.Count;
        var csv = "Session;Nom;Structure;Sexe;Courriel\n" +
                  "J1-S1;Valide Fictif;MAE;M;valide.fictif@mae.demo.example\n" +   // row 2: fine
                  "J9-S9;Perdu Fictif;MAE;M;\n" +                                     // row 3: unknown session
                  "J1-S1;Autre Fictif;MINISTERE-X;F;\n" +                              // row 4: unknown entity
                  "J1-S1;Troisième Fictif;MAE;X;\n" +                                  // row 5: bad sex
                  "J1-S1;Quatre Fictif;MAE;F;pas-une-adresse\n" +                      // row 6: bad e-mail
                  "J1-S1;;MAE;F;\n" +                                                   // row 7: no name
                  "J1-S1;Valide Fictif;MAE;M;valide.fictif@mae.demo.example\n" +       // row 8: twice
                  "J1-S1;Sans Structure;;M;\n";                                         // row 9: unknown person, no entity
        using var response = await UploadAsync(script, "CIV-2024", Encoding.UTF8.GetBytes(csv), "fiche-jour1.csv");
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var report = await response.Content.ReadFromJsonAsync<AttendanceImportResponse>(Json, TestContext.Current.CancellationToken);
        report!.Imported.Should().BeFalse();
        report.Errors.Select(e => (e.Row, e.Code)).Should().BeEquivalentTo(new[]
        {
            (3, "Attendance.SessionUnknown"), (4, "Attendance.EntityUnknown"), (5, "Attendance.GenderInvalid"), (6, "Participant.EmailInvalid"),
            (7, "Attendance.NameMissing"), (8, "Attendance.Duplicate"), (9, "Attendance.EntityMissing"),
        });
        report.Errors.Single(e => e.Row == 4).Message.Should().Contain("'MINISTERE-X' is not an entity of this engagement");
        report.Errors.Single(e => e.Row == 5).Field.Should().Be("Sexe", "a refusal names the column as the sheet heads it");
        report.Errors.Single(e => e.Row == 4).Field.Should().Be("Structure");
        var after = (await officer.GetFromJsonAsync<List<ParticipantView>>("/api/v1/engagements/CIV-2024/participants", Json, TestContext.Current.CancellationToken))!.Count;
        after.Should().Be(before, "nothing is imported while a row is wrong");
    }

    [Fact]
    public async Task Import_IntoAnotherEngagement_Is404_AndReadOnlyRolesAre403()
    {
        using var togo = await ScriptAsync("togo@demo.rempart.example");
        using var refused = await UploadAsync(togo, "CIV-2024", Encoding.UTF8.GetBytes("Nom;Structure\nX;MAE\n"), "x.csv", "J1-S1");
        refused.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var donor = await ScriptAsync("donor@demo.rempart.example");
        using var forbidden = await UploadAsync(donor, "CIV-2024", Encoding.UTF8.GetBytes("Nom;Structure\nX;MAE\n"), "x.csv", "J1-S1");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Findings_CaptureEditMergeSplit_KeepHistory_AndRefuseStaleEdits()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        async Task<FindingView> Capture(string fr) => (await (await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings", new
        {
            kind = "Gap", textFr = fr, sessionCode = "J2-S2", questions = new[] { "ins-inter-01" }, entities = new[] { "CGIC" }, confidence = "High",
        }, TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<FindingView>(Json, TestContext.Current.CancellationToken))!;

        var a = await Capture("Le CGIC ne dispose pas de salle de crise équipée.");
        var b = await Capture("Absence de salle de crise opérationnelle au CGIC.");
        a.Reference.Should().MatchRegex("^F-[0-9]{3}$");
        a.Session.Should().Be("J2-S2");
        a.Entities.Should().Equal("CGIC");

        using var edited = await officer.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/findings/{a.Id}", new
        {
            finding = new { kind = "Gap", textFr = a.TextFr, textEn = "The CGIC has no equipped crisis room.", sessionCode = "J2-S2", questions = a.Questions, entities = a.Entities, confidence = "High" },
            concurrencyStamp = a.ConcurrencyStamp,
        }, TestContext.Current.CancellationToken);
        edited.StatusCode.Should().Be(HttpStatusCode.OK);
        using var stale = await officer.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/findings/{a.Id}", new
        {
            finding = new { kind = "Strength", textFr = "écrasement", confidence = "Low" }, concurrencyStamp = a.ConcurrencyStamp,
        }, TestContext.Current.CancellationToken);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);

        var merged = await (await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings/merge", new { findings = new[] { a.Id, b.Id } }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<FindingView>(Json, TestContext.Current.CancellationToken);
        merged!.TextFr.Should().Contain("salle de crise équipée").And.Contain("opérationnelle");
        merged.TextEn.Should().Be("The CGIC has no equipped crisis room.");

        var active = await officer.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, TestContext.Current.CancellationToken);
        active!.Should().Contain(f => f.Id == merged.Id).And.NotContain(f => f.Id == a.Id || f.Id == b.Id);
        var all = await officer.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings?all=true", Json, TestContext.Current.CancellationToken);
        all!.Single(f => f.Id == a.Id).Should().Match<FindingView>(f => f.Status == FindingStatus.Merged && f.ReplacedBy.Single() == merged.Id);

        var history = await officer.GetFromJsonAsync<List<FindingRevision>>($"/api/v1/engagements/CIV-2024/findings/{a.Id}/history", Json, TestContext.Current.CancellationToken);
        history!.Select(h => h.Change).Should().Equal("created", "edited", "merged");

        var parts = await (await officer.PostAsJsonAsync($"/api/v1/engagements/CIV-2024/findings/{merged.Id}/split", new
        {
            parts = new[] { new { textFr = "Pas de salle de crise au CGIC." }, new { textFr = "Salle existante non équipée." } },
        }, TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<List<FindingView>>(Json, TestContext.Current.CancellationToken);
        parts!.Should().HaveCount(2).And.OnlyContain(p => p.Entities.SequenceEqual(new[] { "CGIC" }) && p.Questions.SequenceEqual(new[] { "ins-inter-01" }));
    }

    [Fact]
    public async Task Findings_WithUnknownQuestionOrForeignEntity_AreRefused_AndDonorCannotCapture()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        using var badQuestion = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings", new { kind = "Gap", textFr = "x", questions = new[] { "zz-99" }, confidence = "Low" }, TestContext.Current.CancellationToken);
        badQuestion.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badQuestion.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("zz-99");
        using var foreign = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings", new { kind = "Gap", textFr = "x", entities = new[] { "MSPC" }, confidence = "Low" }, TestContext.Current.CancellationToken);
        foreign.StatusCode.Should().Be(HttpStatusCode.BadRequest, "MSPC is a Togolese entity");
        using var empty = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings", new { kind = "Gap", confidence = "Low" }, TestContext.Current.CancellationToken);
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var donor = await app.SignedIn("donor@demo.rempart.example");
        (await donor.PostAsJsonAsync("/api/v1/engagements/CIV-2024/findings", new { kind = "Gap", textFr = "x", confidence = "Low" }, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        (await togo.GetAsync(new Uri("/api/v1/engagements/CIV-2024/findings", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await togo.GetAsync(new Uri("/engagements/CIV-2024/findings", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("fr", "Liste de présence", "femmes")]
    [InlineData("en", "Attendance list", "women")]
    public async Task AttendanceDocx_OpensInBothLanguages_WithoutContactDetails(string language, string title, string women)
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        using var response = await officer.GetAsync(new Uri($"/api/v1/engagements/CIV-2024/events/ABJ-2024/attendance.docx?language={language}", UriKind.Relative), TestContext.Current.CancellationToken);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        using var doc = WordprocessingDocument.Open(stream, false);
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        text.Should().Contain(title).And.Contain(women).And.Contain("J1-S1").And.Contain("Ouattara");
        text.Should().NotContain("@").And.NotContain("+225");
        // Printed to be signed: a signature column, and blank rows for those not on the list.
        var table = doc.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>().First();
        var rows = table.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableRow>().ToList();
        rows[0].InnerText.Should().EndWith("Signature");
        rows.TakeLast(Rempart.Core.Engagements.ConsultationDocuments.BlankRows).Should().OnlyContain(r => r.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Skip(1).All(c => c.InnerText.Length == 0));
        doc.MainDocumentPart.Document.Body.Descendants<DocumentFormat.OpenXml.Wordprocessing.ParagraphStyleId>().Select(s => s.Val!.Value).Should().Contain(["Heading1", "Heading2"]);
    }

    [Fact]
    public async Task A_donor_sees_no_official_by_name_and_no_document_above_its_clearance()
    {
        var ct = TestContext.Current.CancellationToken;
        using var donor = await app.SignedIn("donor@demo.rempart.example", "fr");
        // The attendance list names forty officials; the agenda carries the engagement's TLP:AMBER (the donor is cleared to GREEN).
        foreach (var document in new[] { "attendance", "agenda" })
        {
            (await donor.GetAsync(new Uri($"/api/v1/engagements/CIV-2024/events/ABJ-2024/{document}.docx?language=fr", UriKind.Relative), ct)).StatusCode
                .Should().Be(HttpStatusCode.Forbidden, document);
        }

        (await donor.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/participants", ct)).GetArrayLength().Should().Be(0);
        var consultations = WebUtility.HtmlDecode(await donor.GetStringAsync(new Uri("/engagements/CIV-2024/consultations", UriKind.Relative), ct));
        consultations.Should().NotContain("attendance.docx").And.NotContain("agenda.docx");
        var engagement = WebUtility.HtmlDecode(await donor.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), ct));
        engagement.Should().NotContain("Ouattara").And.NotContain("Kouassi-Brou", "neither participants nor other members are named").And.Contain("Hélène Garnier");

        // The coordinator, who organises the work, still sees them.
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        (await coordinator.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), ct)).Should().Contain("Ouattara");
    }

    [Fact]
    public async Task AgendaDocx_ListsEverySession()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var bytes = await coordinator.GetByteArrayAsync(new Uri("/api/v1/engagements/CIV-2024/events/ABJ-2024/agenda.docx?language=fr", UriKind.Relative), TestContext.Current.CancellationToken);
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        foreach (var code in new[] { "J1-S1", "J2-S2", "J3-S3" })
        {
            text.Should().Contain(code);
        }

        text.Should().Contain("Mardi 25 juin 2024").And.NotContain("Juin", "months are written in lower case in French");
    }

    [Theory]
    [InlineData("fr", "Constatations (", "Noter une constatation")]
    [InlineData("en", "Findings (", "Record a finding")]
    public async Task FindingsAndConsultationPages_RenderInBothLanguages(string language, string heading, string capture)
    {
        using var officer = await app.SignedIn(language == "fr" ? "coordinator@demo.rempart.example" : "officer@demo.rempart.example", language);
        var findings = WebUtility.HtmlDecode(await officer.GetStringAsync(new Uri("/engagements/CIV-2024/findings", UriKind.Relative), TestContext.Current.CancellationToken));
        findings.Should().Contain(heading).And.Contain(capture).And.Contain("F-001");
        var consultations = WebUtility.HtmlDecode(await officer.GetStringAsync(new Uri("/engagements/CIV-2024/consultations", UriKind.Relative), TestContext.Current.CancellationToken));
        consultations.Should().Contain("J3-S3").And.Contain(language == "fr" ? "Importer une feuille de présence signée" : "Import a signed attendance sheet");
    }

    [Fact]
    public async Task CapturePage_SavesAFindingFromThePlainForm()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var page = await officer.GetStringAsync(new Uri("/engagements/CIV-2024/findings", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = AppFixture.AntiforgeryToken(page.Split("<h2>Findings")[0]);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "capture", ["Input.Kind"] = "Priority", ["Input.Session"] = "J3-S3",
            ["Input.TextFr"] = "Priorité nationale : sécuriser les plages de Grand-Bassam pendant la haute saison.", ["Input.TextEn"] = "",
            ["Input.Questions"] = "", ["Input.Entities"] = "MTL, National Civil Protection Office", ["Input.Confidence"] = "High",
        });
        using var response = await officer.PostAsync(new Uri("/engagements/CIV-2024/findings", UriKind.Relative), form, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        html.Should().MatchRegex("F-[0-9]{3} saved").And.Contain("sécuriser les plages de Grand-Bassam");
        // An entity named in full, as the engagement lists it, beside an acronym: both are understood (spaces belong to names).
        var saved = (await officer.GetFromJsonAsync<JsonElement>("/api/v1/engagements/CIV-2024/findings", TestContext.Current.CancellationToken)).EnumerateArray()
            .Single(f => f.GetProperty("textFr").GetString()!.Contains("plages de Grand-Bassam pendant la haute saison", StringComparison.Ordinal));
        saved.GetProperty("entities").EnumerateArray().Select(e => e.GetString()).Should().BeEquivalentTo(["MTL", "ONPC"]);

        // A refused finding keeps everything the rapporteur typed.
        var refused = WebUtility.HtmlDecode(await (await AppFixture.PostPageFormAsync(officer, "/engagements/CIV-2024/findings", "capture", new()
        {
            ["Input.Kind"] = "Gap", ["Input.Session"] = "J3-S3", ["Input.TextFr"] = "Constat à ne pas perdre", ["Input.TextEn"] = "A finding not to lose",
            ["Input.Questions"] = "zzz-99", ["Input.Entities"] = "MTL", ["Input.Confidence"] = "High", ["Input.Classification"] = "TLP:GREEN",
        })).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        refused.Should().Contain("zzz-99").And.Contain(">Constat à ne pas perdre</textarea>").And.Contain(">A finding not to lose</textarea>")
            .And.Contain("value=\"zzz-99\"").And.Contain("value=\"MTL\"").And.MatchRegex("<option value=\"High\" selected").And.MatchRegex("<option value=\"TLP:GREEN\" selected");
    }
}

public sealed class FindingPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields) =>
        AppFixture.PostPageFormAsync(client, path, formName, fields);

    [Fact]
    public async Task FindingPage_EditsThenSplits_AndShowsTheHistory()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        var finding = (await coordinator.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, TestContext.Current.CancellationToken))!.First();
        var path = $"/engagements/CIV-2024/findings/{finding.Id}";
        using var edited = await PostFormAsync(coordinator, path, "edit-finding", new()
        {
            ["Edit.Stamp"] = finding.ConcurrencyStamp.ToString(), ["Edit.Kind"] = "Challenge", ["Edit.Confidence"] = "Low", ["Edit.Session"] = finding.Session ?? "",
            ["Edit.TextFr"] = "Texte révisé par la coordonnatrice.", ["Edit.TextEn"] = "Text revised by the coordinator.", ["Edit.Questions"] = string.Join(",", finding.Questions),
            ["Edit.Entities"] = string.Join(",", finding.Entities),
        });
        var html = WebUtility.HtmlDecode(await edited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        html.Should().Contain("Texte révisé par la coordonnatrice.").And.Contain("Difficulté").And.Contain("Révision 2");

        using var stale = await PostFormAsync(coordinator, path, "edit-finding", new()
        {
            ["Edit.Stamp"] = finding.ConcurrencyStamp.ToString(), ["Edit.Kind"] = "Gap", ["Edit.Confidence"] = "High", ["Edit.TextFr"] = "Écrasement",
        });
        WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Rien n'a été écrasé").And.Contain("Texte révisé par la coordonnatrice.");

        using var split = await PostFormAsync(coordinator, path, "split-finding", new() { ["Split.First"] = "Première partie.", ["Split.Second"] = "Seconde partie.", ["Split.Third"] = "" });
        WebUtility.HtmlDecode(await split.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Cette constatation a été scindée en").And.Contain("scindée");
        var all = await coordinator.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, TestContext.Current.CancellationToken);
        all!.Should().Contain(f => f.TextFr == "Première partie.").And.Contain(f => f.TextFr == "Seconde partie.").And.NotContain(f => f.Id == finding.Id);
    }

    [Fact]
    public async Task FindingPage_ForAnotherEngagementOrReadOnlyRole()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        // A finding the donor may read (TLP:GREEN): the page opens, without the editing forms.
        var finding = (await officer.GetFromJsonAsync<List<FindingView>>("/api/v1/engagements/CIV-2024/findings", Json, TestContext.Current.CancellationToken))!.Last(f => f.Classification == "TLP:GREEN");
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        (await togo.GetAsync(new Uri($"/engagements/CIV-2024/findings/{finding.Id}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await togo.GetAsync(new Uri($"/engagements/TGO-2023/findings/{finding.Id}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var donor = await app.SignedIn("donor@demo.rempart.example");
        var html = await donor.GetStringAsync(new Uri($"/engagements/CIV-2024/findings/{finding.Id}", UriKind.Relative), TestContext.Current.CancellationToken);
        html.Should().NotContain("edit-finding").And.NotContain("split-finding");
    }
}

public sealed class ConsultationFormTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static Task<string> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields) =>
        AppFixture.PostPageFormHtmlAsync(client, path, formName, fields);

    [Fact]
    public async Task ConsultationsPage_PlansAnEventAndASession_AndRefusesADayOutsideIt()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        const string path = "/engagements/TGO-2023/consultations";
        var afterEvent = await PostFormAsync(officer, path, "add-event", new()
        {
            ["NewEvent.Code"] = "LFW-2025", ["NewEvent.Place"] = "Lomé", ["NewEvent.TitleFr"] = "Atelier de suivi", ["NewEvent.TitleEn"] = "Follow-up workshop",
            ["NewEvent.Start"] = "2025-03-10", ["NewEvent.End"] = "2025-03-11",
        });
        afterEvent.Should().Contain("Follow-up workshop").And.Contain("Lomé");

        var afterSession = await PostFormAsync(officer, path, "add-session", new()
        {
            ["NewSession.Event"] = "LFW-2025", ["NewSession.Code"] = "L1-S1", ["NewSession.Day"] = "2025-03-10", ["NewSession.Start"] = "09:00", ["NewSession.End"] = "11:00",
            ["NewSession.Framework"] = "legislative", ["NewSession.Moderator"] = "UNOCT", ["NewSession.AgendaFr"] = "Revue du cadre juridique", ["NewSession.AgendaEn"] = "Review of the legal framework",
        });
        afterSession.Should().Contain("L1-S1").And.Contain("Review of the legal framework");

        var outside = await PostFormAsync(officer, path, "add-session", new()
        {
            ["NewSession.Event"] = "LFW-2025", ["NewSession.Code"] = "L9-S1", ["NewSession.Day"] = "2025-04-01", ["NewSession.Start"] = "09:00", ["NewSession.End"] = "10:00",
        });
        outside.Should().Contain("The day 2025-04-01 is outside the dates of event LFW-2025.");
        outside.Should().Contain("value=\"L9-S1\"").And.Contain("value=\"2025-04-01\"", "a refused session keeps what was typed");
        outside.Should().MatchRegex("<select id=\"s-framework\" name=\"NewSession.Framework\">.*<option value=\"legislative\">", "the catalog's frameworks are offered");

        var backwards = await PostFormAsync(officer, path, "add-event", new()
        {
            ["NewEvent.Code"] = "LFW-2026", ["NewEvent.Place"] = "Kara", ["NewEvent.TitleFr"] = "Atelier gardé", ["NewEvent.TitleEn"] = "Kept workshop",
            ["NewEvent.Start"] = "2026-03-12", ["NewEvent.End"] = "2026-03-10",
        });
        backwards.Should().Contain("value=\"LFW-2026\"").And.Contain("value=\"Atelier gardé\"").And.Contain("value=\"2026-03-12\"").And.Contain("value=\"Kara\"");

        // Before the engagement began (1 March 2023): refused, naming both periods.
        var early = await PostFormAsync(officer, path, "add-event", new()
        {
            ["NewEvent.Code"] = "LFW-2022", ["NewEvent.Place"] = "Lomé", ["NewEvent.TitleFr"] = "Trop tôt", ["NewEvent.TitleEn"] = "Too early",
            ["NewEvent.Start"] = "2022-12-01", ["NewEvent.End"] = "2022-12-02",
        });
        early.Should().Contain("Event LFW-2022 runs from 2022-12-01 to 2022-12-02, outside the engagement's period (2023-03-01 to");
    }
}

public sealed class ConsultationIsolationTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/api/v1/engagements/CIV-2024/events")]
    [InlineData("/api/v1/engagements/CIV-2024/events/ABJ-2024/agenda.docx")]
    [InlineData("/api/v1/engagements/CIV-2024/events/ABJ-2024/attendance.docx")]
    [InlineData("/api/v1/engagements/CIV-2024/findings?all=true")]
    [InlineData("/engagements/CIV-2024/consultations")]
    [InlineData("/engagements/CIV-2024/entities/01a227f0-0000-7000-8000-000000000000")]
    public async Task AnotherEngagementsConsultations_AreNotFound(string path)
    {
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        using var response = await togo.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        body.Should().NotContain("Abidjan").And.NotContain("J1-S1").And.NotContain("Ouattara");
    }
}
