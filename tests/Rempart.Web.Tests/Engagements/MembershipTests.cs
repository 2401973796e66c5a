using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Web.Engagements;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Engagements;

/// <summary>A member of engagement A sees nothing of engagement B: not by code, not by id, not in lists.</summary>
public sealed class MembershipTests(AppFixture app) : IClassFixture<AppFixture>
{
    private async Task<EngagementResponse> AsAdminAsync(string code)
    {
        using var admin = await app.SignedIn("admin@demo.rempart.example");
        return (await admin.GetFromJsonAsync<EngagementDetailResponse>($"/api/v1/engagements/{code}", TestContext.Current.CancellationToken))!.Engagement;
    }

    [Fact]
    public async Task List_ShowsOnlyTheEngagementsOfMembership()
    {
        using var togo = await app.SignedIn("togo@demo.rempart.example");
        var list = await togo.GetFromJsonAsync<List<EngagementResponse>>("/api/v1/engagements", TestContext.Current.CancellationToken);
        list!.Select(e => e.Code).Should().Contain("TGO-2023").And.NotContain("CIV-2024");

        var page = await togo.GetStringAsync(new Uri("/engagements", UriKind.Relative), TestContext.Current.CancellationToken);
        page.Should().Contain("TGO-2023").And.NotContain("CIV-2024").And.NotContain("Ivoire");
    }

    [Fact]
    public async Task OtherEngagement_ByCodeOrId_Is404LikeOneThatDoesNotExist()
    {
        var civ = await AsAdminAsync("CIV-2024");
        using var togo = await app.SignedIn("togo@demo.rempart.example", "en");
        foreach (var key in new[] { "CIV-2024", "civ-2024", civ.Id.ToString() })
        {
            using var response = await togo.GetAsync(new Uri($"/api/v1/engagements/{key}", UriKind.Relative), TestContext.Current.CancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, key);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            body.Should().NotContain("Ivoire").And.NotContain("Koffi");
        }

        using var missing = await togo.GetAsync(new Uri("/api/v1/engagements/ZZZ-2099", UriKind.Relative), TestContext.Current.CancellationToken);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var page = await togo.GetAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), TestContext.Current.CancellationToken);
        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().NotContain("Ivoire").And.NotContain("Koffi");
    }

    [Fact]
    public async Task Member_SeesEngagementWithMembersButNoContactDetails()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        var detail = await coordinator.GetFromJsonAsync<EngagementDetailResponse>("/api/v1/engagements/CIV-2024", TestContext.Current.CancellationToken);
        detail!.Engagement.MyRole.Should().Be("NationalCoordinator");
        detail.Members.Select(m => m.DisplayName).Should().Contain(["Koffi Tano", "Samuel Adeyemi"]);
        var raw = await coordinator.GetStringAsync(new Uri("/api/v1/engagements/CIV-2024", UriKind.Relative), TestContext.Current.CancellationToken);
        raw.Should().NotContain("@demo.rempart.example", "members see names and roles, not e-mail addresses");
    }

    [Fact]
    public async Task Administrator_SeesEveryEngagement()
    {
        using var admin = await app.SignedIn("admin@demo.rempart.example");
        var list = await admin.GetFromJsonAsync<List<EngagementResponse>>("/api/v1/engagements", TestContext.Current.CancellationToken);
        list!.Select(e => e.Code).Should().Contain(["CIV-2024", "TGO-2023"]);
    }

    [Fact]
    public async Task Create_ByOfficer_MakesThemAMember_AndOthersCannotSeeIt()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example");
        using var created = await officer.PostAsJsonAsync("/api/v1/engagements", new
        {
            code = "SEN-2025", countryCode = "SEN", titleEn = "Senegal: needs assessment", titleFr = "Sénégal : évaluation des besoins", periodStart = "2025-01-01",
        }, TestContext.Current.CancellationToken);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be("/api/v1/engagements/SEN-2025");
        (await created.Content.ReadFromJsonAsync<EngagementResponse>(TestContext.Current.CancellationToken))!.MyRole.Should().Be("ProgrammeOfficer");

        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example");
        (await coordinator.GetAsync(new Uri("/api/v1/engagements/SEN-2025", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("coordinator@demo.rempart.example")]
    [InlineData("energy@demo.rempart.example")]
    [InlineData("donor@demo.rempart.example")]
    [InlineData("auditor@demo.rempart.example")]
    public async Task Create_ByRoleWithoutTheRight_Is403(string email)
    {
        using var client = await app.SignedIn(email);
        using var response = await client.PostAsJsonAsync("/api/v1/engagements", new
        {
            code = "BEN-2025", countryCode = "BEN", titleEn = "Benin", titleFr = "Bénin", periodStart = "2025-01-01",
        }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Create_WithBadCodeOrDuplicate_Is400InTheCallersLanguage()
    {
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Rempart.Core.Access.UserAccountService>()
                .AddAsync("chargee@test.example", "Chargée de programme", "ProgrammeOfficer", "fr", AppFixture.DemoPassword, TestContext.Current.CancellationToken);
        }

        using var officer = await app.SignedIn("chargee@test.example", "en");
        using var bad = await officer.PostAsJsonAsync("/api/v1/engagements", new
        {
            code = "Ivory Coast", countryCode = "CIV", titleEn = "x", titleFr = "x", periodStart = "2025-01-01",
        }, TestContext.Current.CancellationToken);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<Dictionary<string, object>>(TestContext.Current.CancellationToken);
        problem!["code"].ToString().Should().Be("Engagement.CodeInvalid");
        problem["detail"].ToString().Should().Contain("n'est pas valide").And.Contain("CIV-2024");

        using var duplicate = await officer.PostAsJsonAsync("/api/v1/engagements", new
        {
            code = "CIV-2024", countryCode = "CIV", titleEn = "x", titleFr = "x", periodStart = "2025-01-01",
        }, TestContext.Current.CancellationToken);
        duplicate.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await duplicate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Engagement.CodeTaken");
    }

    [Fact]
    public async Task AddMember_ToEngagementTheOfficerDoesNotBelongTo_Is404()
    {
        using var admin = await app.SignedIn("admin@demo.rempart.example");
        using var created = await admin.PostAsJsonAsync("/api/v1/engagements", new
        {
            code = "NER-2025", countryCode = "NER", titleEn = "Niger", titleFr = "Niger", periodStart = "2025-01-01",
        }, TestContext.Current.CancellationToken);
        created.StatusCode.Should().Be(HttpStatusCode.Created);

        using var officer = await app.SignedIn("officer@demo.rempart.example");
        using var response = await officer.PostAsJsonAsync("/api/v1/engagements/NER-2025/members", new { email = "officer@demo.rempart.example", role = "ProgrammeOfficer" }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);

        // A respondent answers for one entity: without it (or with one the engagement lacks), they are refused with the entities there are.
        using (var without = await admin.PostAsJsonAsync("/api/v1/engagements/NER-2025/members", new { email = "togo@demo.rempart.example", role = "EntityRespondent" }, TestContext.Current.CancellationToken))
        {
            without.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await without.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("Engagement.MemberEntityRequired");
        }

        using (var entity = await admin.PostAsJsonAsync("/api/v1/engagements/NER-2025/entities", new
        {
            kind = "Ministry", acronym = "MEN", nameEn = "Ministry of Energy", nameFr = "Ministère de l'Énergie", mandateEn = "", mandateFr = "", sectors = Array.Empty<string>(), validFrom = "2024-01-01",
        }, TestContext.Current.CancellationToken))
        {
            entity.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using (var unknown = await admin.PostAsJsonAsync("/api/v1/engagements/NER-2025/members", new { email = "togo@demo.rempart.example", role = "EntityRespondent", entity = "MXX" }, TestContext.Current.CancellationToken))
        {
            unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("MXX").And.Contain("MEN");
        }

        using var added = await admin.PostAsJsonAsync("/api/v1/engagements/NER-2025/members", new { email = "togo@demo.rempart.example", role = "EntityRespondent", entity = "men" }, TestContext.Current.CancellationToken);
        added.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Rempart.Core.Data.AppDbContext>();
            var member = await db.EngagementMembers.Where(m => m.Engagement!.Code == "NER-2025" && m.Role == "EntityRespondent").SingleAsync(TestContext.Current.CancellationToken);
            var entityId = await db.NationalEntities.Where(e => e.Acronym == "MEN" && e.EngagementId == member.EngagementId).Select(e => e.Id).SingleAsync(TestContext.Current.CancellationToken);
            member.EntityId.Should().Be(entityId, "the respondent answers for the entity named");
        }

        using var togo = await app.SignedIn("togo@demo.rempart.example");
        (await togo.GetFromJsonAsync<List<EngagementResponse>>("/api/v1/engagements", TestContext.Current.CancellationToken))!.Select(e => e.Code).Should().Contain("NER-2025");
    }
}

/// <summary>Journey 1 from the pages alone: open an engagement, register an entity, add its respondent, pin the catalog.</summary>
public sealed class EngagementSetupPageTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_officer_opens_an_engagement_adds_a_respondent_for_an_entity_and_pins_the_catalog_from_the_pages()
    {
        using var officer = await app.SignedIn("officer@demo.rempart.example", "en");
        Dictionary<string, string> New(string code, string country) => new()
        {
            ["New.Code"] = code, ["New.Country"] = country, ["New.TitleFr"] = "Évaluation des besoins du Bénin", ["New.TitleEn"] = "Benin needs assessment",
            ["New.Start"] = "2026-03-02", ["New.End"] = "", ["New.Classification"] = "TLP:AMBER",
        };

        // A code that does not start with the country's is refused, and the form keeps what was typed.
        var refused = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements", "new-engagement", New("BEN-2026", "CIV"));
        refused.Should().Contain("does not start with the country's code CIV").And.Contain("value=\"BEN-2026\"").And.Contain("value=\"Évaluation des besoins du Bénin\"");
        using var created = await AppFixture.PostPageFormAsync(officer, "/engagements", "new-engagement", New("BEN-2026", "BEN"));
        AppFixture.RedirectPath(officer, created).Should().Be("/engagements/BEN-2026");

        var page = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/BEN-2026", "add-entity", new()
        {
            ["NewEntity.Kind"] = "Ministry", ["NewEntity.Acronym"] = "MEEM", ["NewEntity.NameFr"] = "Ministère de l'Énergie", ["NewEntity.NameEn"] = "Ministry of Energy", ["NewEntity.ValidFrom"] = "2026-03-02",
        });
        page.Should().Contain("MEEM");

        // A respondent without an entity is refused with the entities there are; with one, they are a member for it.
        var withoutEntity = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/BEN-2026", "add-member", new()
        {
            ["NewMember.Email"] = "energy@demo.rempart.example", ["NewMember.Role"] = "EntityRespondent", ["NewMember.Entity"] = "",
        });
        withoutEntity.Should().Contain("A respondent answers for one national entity").And.Contain("MEEM").And.Contain("value=\"energy@demo.rempart.example\"");
        var added = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/BEN-2026", "add-member", new()
        {
            ["NewMember.Email"] = "energy@demo.rempart.example", ["NewMember.Role"] = "EntityRespondent", ["NewMember.Entity"] = "MEEM",
        });
        added.Should().MatchRegex("is now [^<]+ in this engagement").And.MatchRegex("<td>MEEM</td>");
        var unknown = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/BEN-2026", "add-member", new()
        {
            ["NewMember.Email"] = "nobody@nowhere.example", ["NewMember.Role"] = "Auditor", ["NewMember.Entity"] = "",
        });
        unknown.Should().Contain("value=\"nobody@nowhere.example\"").And.Contain("role=\"alert\"");

        // The catalog: the stage check stops asking for it once pinned.
        string key;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            key = (await scope.ServiceProvider.GetRequiredService<Rempart.Core.Catalog.CatalogService>().LatestAsync(cancellationToken: Ct))!.Key;
        }

        var pinned = await AppFixture.PostPageFormHtmlAsync(officer, "/engagements/BEN-2026", "pin-catalog", new() { ["Pin.Version"] = key });
        pinned.Should().Contain($"The engagement is now assessed against {key}.").And.Contain($">{key}</a>");

        // The respondent lands on their entity's questions for the new engagement.
        using var energy = await app.SignedIn("energy@demo.rempart.example", "fr");
        var list = WebUtility.HtmlDecode(await energy.GetStringAsync(new Uri("/engagements", UriKind.Relative), Ct));
        list.Should().Contain("/engagements/BEN-2026/questionnaires/").And.NotContain("Ouvrir une nouvelle mission", "respondents open no engagement");
    }

    [Fact]
    public async Task A_coordinator_sees_no_set_up_forms_and_a_forged_post_changes_nothing()
    {
        using var coordinator = await app.SignedIn("coordinator@demo.rempart.example", "fr");
        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync(new Uri("/engagements/CIV-2024", UriKind.Relative), Ct));
        page.Should().NotContain("add-member").And.NotContain("pin-catalog");
        using (var answer = await AppFixture.PostPageFormAsync(coordinator, "/engagements/CIV-2024", "add-member", new()
        {
            ["NewMember.Email"] = "donor@demo.rempart.example", ["NewMember.Role"] = "Auditor", ["NewMember.Entity"] = "",
        }))
        {
            // The form is not on the coordinator's page: the post is refused before any handler runs.
            answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Rempart.Core.Data.AppDbContext>();
        (await db.EngagementMembers.CountAsync(m => m.Engagement!.Code == "CIV-2024" && m.Role == "Auditor" && db.Users.Any(u => u.Id == m.UserId && u.Email == "donor@demo.rempart.example"), Ct))
            .Should().Be(0);
    }
}
