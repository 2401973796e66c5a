using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Engagements;

/// <summary>Entities, participants and stages of an engagement, through the API, with the demo workspace.</summary>
public sealed class SetupTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<List<EntityView>> EntitiesAsync(HttpClient client, string engagement = "CIV-2024") =>
        (await client.GetFromJsonAsync<List<EntityView>>($"/api/v1/engagements/{engagement}/entities", Json, TestContext.Current.CancellationToken))!;

    [Fact]
    public async Task Demo_HasTwelveEntitiesFortyParticipantsAndTheCoordinatingMinistry()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        // Other tests of this class add entities and people: count the demo's own.
        string[] demo = ["MAE", "MIS", "MD", "MJDH", "CNS", "ONPC", "GSPM", "CGIC", "ARTCI", "CI-CERT", "MMPE", "MTL"];
        var entities = await EntitiesAsync(officer);
        entities.Select(e => e.Acronym).Should().Contain(demo);
        entities.Count(e => demo.Contains(e.Acronym)).Should().Be(12);
        entities.Single(e => e.Acronym == "ONPC").ParentId.Should().Be(entities.Single(e => e.Acronym == "MIS").Id);
        var participants = await officer.GetFromJsonAsync<List<ParticipantView>>("/api/v1/engagements/CIV-2024/participants", Json, TestContext.Current.CancellationToken);
        var fictional = participants!.Where(p => p.Email!.EndsWith(".demo.example", StringComparison.Ordinal)).ToList();
        fictional.Should().HaveCount(40);
        fictional.Count(p => p.Gender == Gender.Female).Should().Be(14);
        var stage = await officer.GetFromJsonAsync<StageStatus>("/api/v1/engagements/CIV-2024/stage", Json, TestContext.Current.CancellationToken);
        stage!.Stage.Should().Be(EngagementStage.Consultations);
        stage.History.Should().ContainSingle(t => t.To == EngagementStage.Consultations);
    }

    [Theory]
    [InlineData("officer@demo.rempart.example", true)]
    [InlineData("coordinator@demo.rempart.example", true)]
    [InlineData("energy@demo.rempart.example", false)]
    [InlineData("donor@demo.rempart.example", false)]
    [InlineData("auditor@demo.rempart.example", false)]
    public async Task ParticipantContacts_OnlyForRolesThatNeedThem(string email, bool seesContacts)
    {
        using var client = await app.SignedIn(email);
        var raw = await client.GetStringAsync(new Uri("/api/v1/engagements/CIV-2024/participants", UriKind.Relative), TestContext.Current.CancellationToken);
        raw.Contains("@mae.demo.example", StringComparison.Ordinal).Should().Be(seesContacts);
        raw.Contains("+225", StringComparison.Ordinal).Should().Be(seesContacts);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), TestContext.Current.CancellationToken));
        // Members at work on the engagement see who took part; a donor, who follows funded activities, sees no official by name.
        page.Contains("Ouattara", StringComparison.Ordinal).Should().Be(!email.StartsWith("donor@", StringComparison.Ordinal));
        raw.Contains("Ouattara", StringComparison.Ordinal).Should().Be(!email.StartsWith("donor@", StringComparison.Ordinal));
        page.Contains("@mae.demo.example", StringComparison.Ordinal).Should().Be(seesContacts);
    }

    [Fact]
    public async Task OtherEngagement_SeesNoEntitiesParticipantsOrStage()
    {
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        foreach (var path in new[] { "entities", "participants", "stage" })
        {
            using var response = await togo.GetAsync(new Uri($"/api/v1/engagements/CIV-2024/{path}", UriKind.Relative), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
            (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().NotContain("MAE").And.NotContain("Ouattara");
        }

        (await EntitiesAsync(togo, "TGO-2023")).Select(e => e.Acronym).Should().Contain(["MAEIA", "MSPC", "MJ"]).And.NotContain("MAE");
    }

    [Fact]
    public async Task Participant_WithEntityOfAnotherEngagement_IsRefused()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var togoEntity = (await EntitiesAsync(officer, "TGO-2023")).First();
        using var response = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/participants",
            new { entityId = togoEntity.Id, fullName = "Intrus Fictif", title = "x", gender = "Male", email = "", phone = "", preferredLanguage = "fr" }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Participant.EntityInvalid");
    }

    [Fact]
    public async Task Entity_RenameKeepsHistoryAndLinks()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var created = await (await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/entities", new
        {
            kind = "Ministry", acronym = "MTA", nameEn = "Ministry of Transport", nameFr = "Ministère des Transports", mandateEn = "", mandateFr = "", sectors = new[] { "transport" }, validFrom = "2023-10-01",
        }, TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<EntityView>(Json, TestContext.Current.CancellationToken);
        var participant = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/participants",
            new { entityId = created!.Id, fullName = "Personne Fictive", title = "Directeur", gender = "Male", email = "p@example.org", phone = "", preferredLanguage = "fr" }, TestContext.Current.CancellationToken);
        participant.StatusCode.Should().Be(HttpStatusCode.Created);

        using var renamed = await officer.PostAsJsonAsync($"/api/v1/engagements/CIV-2024/entities/{created.Id}/rename", new
        {
            acronym = "MTAM", nameEn = "Ministry of Transport and Maritime Affairs", nameFr = "Ministère des Transports et des Affaires maritimes",
            effective = "2025-01-15", reason = "Government reshuffle", concurrencyStamp = created.ConcurrencyStamp,
        }, TestContext.Current.CancellationToken);
        renamed.StatusCode.Should().Be(HttpStatusCode.NoContent);

        var history = await officer.GetFromJsonAsync<List<EntityNameRecord>>($"/api/v1/engagements/CIV-2024/entities/{created.Id}/history", Json, TestContext.Current.CancellationToken);
        history!.Select(h => (h.Acronym, h.ValidFrom, h.ValidTo)).Should().Equal(
            ("MTA", new DateOnly(2023, 10, 1), (DateOnly?)new DateOnly(2025, 1, 14)),
            ("MTAM", new DateOnly(2025, 1, 15), (DateOnly?)null));
        var participants = await officer.GetFromJsonAsync<List<ParticipantView>>("/api/v1/engagements/CIV-2024/participants", Json, TestContext.Current.CancellationToken);
        participants!.Single(p => p.FullName == "Personne Fictive").EntityAcronym.Should().Be("MTAM", "links follow the entity through its rename");

        // A second rename based on the stale version is refused: no silent overwrite.
        using var stale = await officer.PostAsJsonAsync($"/api/v1/engagements/CIV-2024/entities/{created.Id}/rename", new
        {
            acronym = "X", nameEn = "X", nameFr = "X", effective = "2026-01-01", concurrencyStamp = created.ConcurrencyStamp,
        }, TestContext.Current.CancellationToken);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);

        // It has a participant: deleting is refused with what refers to it; deactivating works.
        using var delete = await officer.DeleteAsync(new Uri($"/api/v1/engagements/CIV-2024/entities/{created.Id}", UriKind.Relative), TestContext.Current.CancellationToken);
        delete.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await delete.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("1 participant(s)").And.Contain("Deactivate it instead");
        (await officer.PostAsync(new Uri($"/api/v1/engagements/CIV-2024/entities/{created.Id}/deactivate", UriKind.Relative), null, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await EntitiesAsync(officer)).Single(e => e.Id == created.Id).IsDeactivated.Should().BeTrue();
    }

    [Fact]
    public async Task Entity_AnAcronymNamesOneCurrentEntity_ASecondOneIsRefusedNamingTheFirst()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        object Entity(string acronym, string name) => new
        {
            kind = "Agency", acronym, nameEn = name, nameFr = "Agence " + name, mandateEn = "", mandateFr = "", sectors = Array.Empty<string>(), validFrom = "2022-01-01",
        };
        using var first = await officer.PostAsJsonAsync("/api/v1/engagements/TGO-2023/entities", Entity("DUPA", "Duplicate test agency"), TestContext.Current.CancellationToken);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        using var again = await officer.PostAsJsonAsync("/api/v1/engagements/TGO-2023/entities", Entity("dupa", "Another agency"), TestContext.Current.CancellationToken);
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Entity.AcronymTaken").And.Contain("Duplicate test agency");
        (await EntitiesAsync(officer, "TGO-2023")).Count(e => e.Acronym.Equals("DUPA", StringComparison.OrdinalIgnoreCase)).Should().Be(1);

        var other = (await (await officer.PostAsJsonAsync("/api/v1/engagements/TGO-2023/entities", Entity("DUPB", "Second agency"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<EntityView>(Json, TestContext.Current.CancellationToken))!;
        using var renamed = await officer.PostAsJsonAsync($"/api/v1/engagements/TGO-2023/entities/{other.Id}/rename", new
        {
            acronym = "DUPA", nameEn = "Second agency", nameFr = "Agence seconde", effective = "2025-01-15", concurrencyStamp = other.ConcurrencyStamp,
        }, TestContext.Current.CancellationToken);
        renamed.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a rename may not take another entity's acronym either");
    }

    [Fact]
    public async Task Entity_MergeClosesTheMergedOnesWithASuccessor()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        async Task<EntityView> Create(string acronym) => (await (await officer.PostAsJsonAsync("/api/v1/engagements/TGO-2023/entities", new
        {
            kind = "Agency", acronym, nameEn = acronym + " agency", nameFr = "Agence " + acronym, mandateEn = "", mandateFr = "", sectors = Array.Empty<string>(), validFrom = "2022-01-01",
        }, TestContext.Current.CancellationToken)).Content.ReadFromJsonAsync<EntityView>(Json, TestContext.Current.CancellationToken))!;
        var a = await Create("AAA");
        var b = await Create("BBB");
        var c = await Create("CCC");
        using var merged = await officer.PostAsJsonAsync("/api/v1/engagements/TGO-2023/entities/merge", new { merged = new[] { a.Id, b.Id }, successorId = c.Id, effective = "2024-07-01" }, TestContext.Current.CancellationToken);
        merged.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var after = await EntitiesAsync(officer, "TGO-2023");
        after.Single(e => e.Id == a.Id).Should().Match<EntityView>(e => e.ValidTo == new DateOnly(2024, 6, 30) && e.SuccessorId == c.Id);
        after.Single(e => e.Id == c.Id).ValidTo.Should().BeNull();
        (await officer.DeleteAsync(new Uri($"/api/v1/engagements/TGO-2023/entities/{c.Id}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("donor@demo.rempart.example")]
    [InlineData("energy@demo.rempart.example")]
    [InlineData("auditor@demo.rempart.example")]
    public async Task SetupWrites_ByReadOnlyRoles_Are403(string email)
    {
        using var client = await app.SignedIn(email);
        using var response = await client.PostAsJsonAsync("/api/v1/engagements/CIV-2024/entities", new
        {
            kind = "Agency", acronym = "NOPE", nameEn = "No", nameFr = "Non", mandateEn = "", mandateFr = "", sectors = Array.Empty<string>(), validFrom = "2024-01-01",
        }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.PostAsJsonAsync("/api/v1/engagements/CIV-2024/stage", new { to = "Analysis" }, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Stage_SaysWhatIsMissing_ForceNeedsAReason_AndEveryMoveIsRecorded()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        using var created = await officer.PostAsJsonAsync("/api/v1/engagements", new { code = "BFA-2025", countryCode = "BFA", titleEn = "Burkina Faso", titleFr = "Burkina Faso", periodStart = "2025-01-01" }, TestContext.Current.CancellationToken);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        using (var entity = await officer.PostAsJsonAsync("/api/v1/engagements/BFA-2025/entities", new
        {
            kind = "Ministry", acronym = "MEMC", nameEn = "Ministry of Energy", nameFr = "Ministère de l'Énergie", mandateEn = "", mandateFr = "", sectors = Array.Empty<string>(), validFrom = "2025-01-01",
        }, TestContext.Current.CancellationToken))
        {
            entity.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var blocked = await officer.PostAsJsonAsync("/api/v1/engagements/BFA-2025/stage", new { to = "Consultations" }, TestContext.Current.CancellationToken);
        blocked.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using (var problem = JsonDocument.Parse(await blocked.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)))
        {
            problem.RootElement.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("code").GetString())
                .Should().BeEquivalentTo(["Stage.Req.Catalog", "Stage.Req.LeadOrganisation", "Stage.Req.CoordinatingEntity", "Stage.Req.Coordinator",
                    "Stage.Req.Respondents", "Stage.Req.Sessions"]);
            // The entities nobody answers for yet are named.
            problem.RootElement.GetProperty("missing").EnumerateArray().Single(m => m.GetProperty("code").GetString() == "Stage.Req.Respondents")
                .GetProperty("message").GetString().Should().EndWith(": MEMC");
            problem.RootElement.GetProperty("detail").GetString().Should().Contain("a pinned catalog version");
        }

        using var noReason = await officer.PostAsJsonAsync("/api/v1/engagements/BFA-2025/stage", new { to = "Consultations", force = true }, TestContext.Current.CancellationToken);
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var forced = await officer.PostAsJsonAsync("/api/v1/engagements/BFA-2025/stage", new { to = "Consultations", force = true, reason = "Consultations agreed with the mission in Ouagadougou" }, TestContext.Current.CancellationToken);
        forced.StatusCode.Should().Be(HttpStatusCode.OK);

        using var back = await officer.PostAsJsonAsync("/api/v1/engagements/BFA-2025/stage", new { to = "Scoping" }, TestContext.Current.CancellationToken);
        back.StatusCode.Should().Be(HttpStatusCode.BadRequest, "going back needs a reason");

        var status = await officer.GetFromJsonAsync<StageStatus>("/api/v1/engagements/BFA-2025/stage", Json, TestContext.Current.CancellationToken);
        status!.Stage.Should().Be(EngagementStage.Consultations);
        var move = status.History.Single();
        move.Reason.Should().Contain("Ouagadougou");
        move.OverriddenRequirements.Should().Contain("Stage.Req.Catalog");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var officerId = (await db.Users.SingleAsync(u => u.Email == "officer@demo.rempart.example", TestContext.Current.CancellationToken)).Id;
        move.ByUserId.Should().Be(officerId);
    }

    [Fact]
    public async Task Stage_WithWorkDone_MovesOnWithoutForce()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var status = await officer.GetFromJsonAsync<StageStatus>("/api/v1/engagements/CIV-2024/stage", Json, TestContext.Current.CancellationToken);
        status!.NextRequires.Should().OnlyContain(r => r.Met);
    }
}

public sealed class ProfileTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Profile_ShowsTheDemoPartners_AndUpdatesWithoutSilentOverwrite()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var current = await coordinator.GetFromJsonAsync<Rempart.Web.Engagements.ProfileResponse>("/api/v1/engagements/CIV-2024/profile", Json, TestContext.Current.CancellationToken);
        current!.Profile.Organisations.Select(o => (o.Role, o.Code)).Should().BeEquivalentTo(new[]
        {
            (OrganisationRole.Lead, "cted"), (OrganisationRole.Partner, "unoct"), (OrganisationRole.Support, "rco"), (OrganisationRole.Donor, "france"),
        });
        current.Profile.Coordinating.Should().StartWith("MAE");

        var entities = await coordinator.GetFromJsonAsync<List<EntityView>>("/api/v1/engagements/CIV-2024/entities", Json, TestContext.Current.CancellationToken);
        var body = new
        {
            profile = new
            {
                programmeEn = "Global Programme on Vulnerable Targets", programmeFr = "Programme mondial sur les cibles vulnérables",
                coordinatingEntityId = entities!.Single(e => e.Acronym == "CNS").Id,
                organisations = new object[]
                {
                    new { role = "Lead", code = "cted", nameEn = "CTED", nameFr = "DECT" },
                    new { role = "Donor", code = "france", nameEn = "France", nameFr = "France" },
                    new { role = "Donor", code = "eu", nameEn = "European Union", nameFr = "Union européenne" },
                },
            },
            concurrencyStamp = current.ConcurrencyStamp,
        };
        using var updated = await coordinator.PutAsJsonAsync("/api/v1/engagements/CIV-2024/profile", body, TestContext.Current.CancellationToken);
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await updated.Content.ReadFromJsonAsync<Rempart.Web.Engagements.ProfileResponse>(Json, TestContext.Current.CancellationToken);
        after!.Profile.Coordinating.Should().StartWith("CNS");
        after.Profile.Organisations.Should().HaveCount(3);

        using var stale = await coordinator.PutAsJsonAsync("/api/v1/engagements/CIV-2024/profile", body, TestContext.Current.CancellationToken);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict, "the first save changed the engagement");

        using var donor = await app.SignedIn("donor@demo.rempart.example");
        (await donor.PutAsJsonAsync("/api/v1/engagements/CIV-2024/profile", body with { }, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        (await togo.GetAsync(new Uri("/api/v1/engagements/CIV-2024/profile", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}

public sealed class SetupFormTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields) =>
        AppFixture.PostPageFormAsync(client, path, formName, fields);

    [Fact]
    public async Task EngagementPage_AddsAnEntityThenAParticipant_WithThePlainForms()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "fr");
        using var entity = await PostFormAsync(officer, "/engagements/TGO-2023", "add-entity", new()
        {
            ["NewEntity.Kind"] = "Regulator", ["NewEntity.Acronym"] = "ARCEP-TG", ["NewEntity.NameFr"] = "Autorité de régulation des communications électroniques et des postes",
            ["NewEntity.NameEn"] = "Electronic Communications and Postal Regulatory Authority", ["NewEntity.ValidFrom"] = "2023-03-01",
        });
        entity.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await entity.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        // The officer works in English: the page shows the English name and kind.
        html.Should().Contain("Electronic Communications and Postal Regulatory Authority").And.Contain("<td>Regulator</td>");

        var entities = await officer.GetFromJsonAsync<List<EntityView>>("/api/v1/engagements/TGO-2023/entities", new JsonSerializerOptions(JsonSerializerDefaults.Web), TestContext.Current.CancellationToken);
        var id = entities!.Single(e => e.Acronym == "ARCEP-TG").Id;
        using var participant = await PostFormAsync(officer, "/engagements/TGO-2023", "add-participant", new()
        {
            ["NewParticipant.EntityId"] = id.ToString(), ["NewParticipant.FullName"] = "Afi Fictive-Adjo", ["NewParticipant.Title"] = "Directrice technique",
            ["NewParticipant.Gender"] = "Female", ["NewParticipant.Email"] = "afi@arcep.demo.example", ["NewParticipant.Phone"] = "",
        });
        WebUtility.HtmlDecode(await participant.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Afi Fictive-Adjo").And.Contain("afi@arcep.demo.example");

        using var bad = await PostFormAsync(officer, "/engagements/TGO-2023", "add-participant", new()
        {
            ["NewParticipant.EntityId"] = id.ToString(), ["NewParticipant.FullName"] = "Sans Adresse", ["NewParticipant.Gender"] = "Male", ["NewParticipant.Email"] = "pas une adresse",
        });
        WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("'pas une adresse' is not an e-mail address.");
    }

    [Fact]
    public async Task EngagementPage_HidesSetupFormsFromReadOnlyRoles()
    {
        using var donor = await app.SignedIn("donor@demo.rempart.example");
        var html = await donor.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), TestContext.Current.CancellationToken);
        html.Should().NotContain("add-entity").And.NotContain("add-participant").And.NotContain("move-stage");
    }
}

public sealed class EntityPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static Task<string> PostFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields) =>
        AppFixture.PostPageFormHtmlAsync(client, path, formName, fields);

    [Fact]
    public async Task EntityPage_RenamesKeepingHistory_AndRefusesDeletingAnEntityInUse()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        var entities = await coordinator.GetFromJsonAsync<List<EntityView>>("/api/v1/engagements/CIV-2024/entities", new JsonSerializerOptions(JsonSerializerDefaults.Web), TestContext.Current.CancellationToken);
        var mtl = entities!.Single(e => e.Acronym == "MTL");
        var path = $"/engagements/CIV-2024/entities/{mtl.Id}";
        var renamed = await PostFormAsync(coordinator, path, "rename-entity", new()
        {
            ["Rename.Stamp"] = mtl.ConcurrencyStamp.ToString(), ["Rename.Acronym"] = "MTLL", ["Rename.Effective"] = "2025-02-01",
            ["Rename.NameFr"] = "Ministère du Tourisme, des Loisirs et de l'Artisanat", ["Rename.NameEn"] = "Ministry of Tourism, Leisure and Crafts", ["Rename.Reason"] = "Remaniement",
        });
        renamed.Should().Contain("La nouvelle dénomination est enregistrée.").And.Contain("Ministère du Tourisme et des Loisirs").And.Contain("Ministère du Tourisme, des Loisirs et de l'Artisanat");

        var refused = await PostFormAsync(coordinator, path, "remove-entity", new() { ["Confirm"] = "true" });
        refused.Should().Contain("ne peut pas être supprimée").And.Contain("participant(s)");
    }
}

public sealed class EntityImportTests(AppFixture app) : IClassFixture<AppFixture>
{
    static EntityImportTests() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    private async Task<HttpClient> ScriptAsync()
    {
        using var owner = await app.SignedIn("officer@demo.rempart.example");
        var created = await (await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "entities", expiresInDays = 1 }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<Rempart.Web.Access.CreatedTokenResponse>(TestContext.Current.CancellationToken);
        var client = app.Anonymous("fr");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", created!.Token);
        return client;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name }, { new StringContent("2023-06-01"), "validFrom" } };
        return await client.PostAsync(new Uri("/api/v1/engagements/TGO-2023/entities/import", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Import_Windows1252List_CreatesEntitiesWithParents_AndIsIdempotent()
    {
        using var script = await ScriptAsync();
        var csv = "Sigle;Type;Nom FR;Nom EN;Tutelle\r\nANPC-TG;agence;Agence nationale de la protection civile;National Civil Protection Agency;MSPC\r\nSÉCU-PORT;opérateur;Société d'exploitation du port, sûreté;Port operating company, security;\r\n";
        var bytes = System.Text.Encoding.GetEncoding(1252).GetBytes(csv);
        using var first = await UploadAsync(script, bytes, "entites.csv");
        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var entities = await script.GetFromJsonAsync<List<EntityView>>("/api/v1/engagements/TGO-2023/entities", new JsonSerializerOptions(JsonSerializerDefaults.Web), TestContext.Current.CancellationToken);
        var anpc = entities!.Single(e => e.Acronym == "ANPC-TG");
        anpc.ParentId.Should().Be(entities!.Single(e => e.Acronym == "MSPC").Id);
        anpc.Kind.Should().Be(EntityKind.Agency);
        entities!.Single(e => e.Acronym == "SÉCU-PORT").NameFr.Should().Be("Société d'exploitation du port, sûreté");

        using var again = await UploadAsync(script, bytes, "entites.csv");
        (await again.Content.ReadFromJsonAsync<Rempart.Web.Engagements.EntityImportResponse>(TestContext.Current.CancellationToken))!.AlreadyPresent.Should().Be(2);
    }

    [Fact]
    public async Task Import_FromThePage_SaysWhatItAddedAndWhichRowsItLeftAlone()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "fr");
        const string path = "/engagements/TGO-2023";
        var page = await officer.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var csv = "Sigle;Type;Nom FR;Nom EN\r\nMSPC;ministère;Ministère modifié;Changed ministry\r\nCNAPC-TG;agence;Commission nationale;National commission\r\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AppFixture.AntiforgeryToken(page.Split("<main")[0])), "__RequestVerificationToken" },
            { new StringContent("import-entities"), "_handler" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "entities-file", "entites.csv" },
        };
        using var response = await officer.PostAsync(new Uri(path, UriKind.Relative), form, TestContext.Current.CancellationToken);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        html.Should().Contain("entites.csv: new entities added: 1. Left as they are").And.Contain("): MSPC.");
    }

    [Fact]
    public async Task Import_WithBadRows_NamesThemAndImportsNothing()
    {
        using var script = await ScriptAsync();
        var csv = "Sigle,Type,Nom FR,Nom EN,Tutelle,Depuis\nOK-1,ministère,Ministère valide,Valid ministry,,2023-01-01\nBAD-1,planète,Nom,Name,,\nBAD-2,agence,,Name,,\nBAD-3,agence,Nom,Name,INCONNU,\nBAD-4,agence,Nom,Name,,hier\nOK-1,agence,Doublon,Duplicate,,\n";
        using var response = await UploadAsync(script, System.Text.Encoding.UTF8.GetBytes(csv), "liste.csv");
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var report = await response.Content.ReadFromJsonAsync<Rempart.Web.Engagements.EntityImportResponse>(TestContext.Current.CancellationToken);
        report!.Errors.Select(e => (e.Row, e.Code)).Should().BeEquivalentTo(new[]
        {
            (3, "EntityImport.Kind"), (4, "Entity.NameRequired"), (5, "Attendance.EntityUnknown"), (6, "EntityImport.Date"), (7, "EntityImport.Twice"),
        });
        report.Errors.Single(e => e.Row == 3).Message.Should().Contain("« planète » n'est pas un type d'entité");
        var entities = await script.GetFromJsonAsync<List<EntityView>>("/api/v1/engagements/TGO-2023/entities", new JsonSerializerOptions(JsonSerializerDefaults.Web), TestContext.Current.CancellationToken);
        entities!.Should().NotContain(e => e.Acronym == "OK-1");
    }
}

public sealed class EntityUpdateAndAttendanceTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Entity_UpdateChangesMandateAndSectors_AndRefusesAStaleVersion()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var cgic = (await officer.GetFromJsonAsync<List<EntityView>>("/api/v1/engagements/CIV-2024/entities", Json, TestContext.Current.CancellationToken))!.Single(e => e.Acronym == "CGIC");
        var body = new { kind = "Coordination", mandateEn = "Interministerial crisis management, 24/7.", mandateFr = "Gestion interministérielle des crises, 24 h sur 24.", sectors = new[] { "public-administration" }, parentId = (Guid?)null, concurrencyStamp = cgic.ConcurrencyStamp };
        (await officer.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/entities/{cgic.Id}", body, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var after = (await officer.GetFromJsonAsync<List<EntityView>>("/api/v1/engagements/CIV-2024/entities", Json, TestContext.Current.CancellationToken))!.Single(e => e.Id == cgic.Id);
        after.MandateFr.Should().Be("Gestion interministérielle des crises, 24 h sur 24.");
        after.Sectors.Should().Equal("public-administration");
        (await officer.PutAsJsonAsync($"/api/v1/engagements/CIV-2024/entities/{cgic.Id}", body, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Attendance_EnteredByHand_RefusesAParticipantOfAnotherEngagement()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        var togoPerson = (await officer.GetFromJsonAsync<List<ParticipantView>>("/api/v1/engagements/TGO-2023/participants", Json, TestContext.Current.CancellationToken))!.First();
        var ivorian = (await officer.GetFromJsonAsync<List<ParticipantView>>("/api/v1/engagements/CIV-2024/participants", Json, TestContext.Current.CancellationToken))!.First();
        using var refused = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sessions/J1-S2/attendance", new { participants = new[] { togoPerson.Id } }, TestContext.Current.CancellationToken);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Attendance.ParticipantInvalid");
        using var accepted = await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sessions/J1-S2/attendance", new { participants = new[] { ivorian.Id } }, TestContext.Current.CancellationToken);
        accepted.StatusCode.Should().Be(HttpStatusCode.OK);
        (await officer.PostAsJsonAsync("/api/v1/engagements/CIV-2024/sessions/J9-S9/attendance", new { participants = new[] { ivorian.Id } }, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}

public sealed class ProfileFormTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task EngagementPage_EditsTheProfile_AndExplainsABadLine()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var html = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/TGO-2023", "edit-profile", new()
        {
            ["EditProfile.ProgrammeFr"] = "Programme mondial", ["EditProfile.ProgrammeEn"] = "Global Programme", ["EditProfile.Coordinating"] = "",
            ["EditProfile.Organisations"] = "Lead | unoct | UNOCT | BLT | XI-IATI-DEMO-UNOCT\nDonor | france | France | France\nDonor | eu | European Union | Union européenne",
        });
        html.Should().Contain("European Union").And.Contain("Global Programme");

        var bad = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/TGO-2023", "edit-profile", new()
        {
            ["EditProfile.ProgrammeFr"] = "Programme gardé", ["EditProfile.ProgrammeEn"] = "Kept programme", ["EditProfile.Organisations"] = "Sponsor | x | X",
        });
        bad.Should().Contain("This line is not \"role | code | English name | French name [| IATI identifier]\", with a role among Lead, Partner, Support and Donor: Sponsor | x | X");
        bad.Should().Contain("value=\"Kept programme\"").And.Contain("value=\"Programme gardé\"").And.Contain(">Sponsor | x | X</textarea>", "what was typed is kept");

        // The roles in French are understood too.
        var french = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/TGO-2023", "edit-profile", new()
        {
            ["EditProfile.ProgrammeFr"] = "Programme mondial", ["EditProfile.ProgrammeEn"] = "Global Programme", ["EditProfile.Coordinating"] = "",
            ["EditProfile.Organisations"] = "Chef de file | unoct | UNOCT | BLT | XI-IATI-DEMO-UNOCT\nBailleur | france | France | France\nPartenaire | undp | UNDP | PNUD",
        });
        french.Should().NotContain("This line is not").And.Contain("UNDP");
    }

    [Fact]
    public async Task EngagementPage_ARefusedEntityKeepsWhatWasTyped()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        var html = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/TGO-2023", "add-entity", new()
        {
            ["NewEntity.Kind"] = "Regulator", ["NewEntity.Acronym"] = "ARKEPT", ["NewEntity.NameFr"] = "Autorité gardée", ["NewEntity.NameEn"] = "", ["NewEntity.ValidFrom"] = "2023-02-01",
        });
        html.Should().Contain("An entity needs its name in English and in French.");
        html.Should().Contain("value=\"ARKEPT\"").And.Contain("value=\"Autorité gardée\"").And.Contain("value=\"2023-02-01\"").And.MatchRegex("<option value=\"Regulator\" selected");
    }
}
