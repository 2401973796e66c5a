using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Web.Access;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

public sealed class TokenTests(AppFixture app) : IClassFixture<AppFixture>
{
    private HttpClient Bearer(string token)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<CreatedTokenResponse> CreateAsync(HttpClient cookieClient, string name)
    {
        using var response = await cookieClient.PostAsJsonAsync("/api/v1/tokens", new { name, expiresInDays = 30 }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<CreatedTokenResponse>(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task Token_CreatedUsedRevoked_WorksUntilRevokedThen401()
    {
        using var owner = await app.SignedIn("coordinator@demo.rempart.example");
        var created = await CreateAsync(owner, "laptop");
        created.Token.Should().StartWith("rpat_");
        created.Details.Prefix.Should().Be(created.Token[..12]);

        using var api = Bearer(created.Token);
        var me = await api.GetFromJsonAsync<MeResponse>("/api/v1/me", TestContext.Current.CancellationToken);
        me!.Email.Should().Be("coordinator@demo.rempart.example");
        me.Roles.Should().Equal(RoleNames.NationalCoordinator);
        (await api.GetFromJsonAsync<List<Rempart.Web.Engagements.EngagementResponse>>("/api/v1/engagements", TestContext.Current.CancellationToken))!
            .Select(e => e.Code).Should().Equal("CIV-2024");

        // The list never shows the secret, and the stored record holds only its hash.
        var listed = await owner.GetStringAsync(new Uri("/api/v1/tokens", UriKind.Relative), TestContext.Current.CancellationToken);
        listed.Should().NotContain(created.Token);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PersonalAccessTokens.SingleAsync(t => t.Id == created.Details.Id, TestContext.Current.CancellationToken);
            stored.TokenHash.Should().HaveLength(64).And.NotContain(created.Token[5..]);
        }

        using (var revoke = await owner.DeleteAsync(new Uri($"/api/v1/tokens/{created.Details.Id}", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using var after = await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken);
        after.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        after.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
    }

    [Fact]
    public async Task Token_WhenExpired_Is401()
    {
        using var owner = await app.SignedIn("auditor@demo.rempart.example");
        var created = await CreateAsync(owner, "expiring");
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var record = await db.PersonalAccessTokens.SingleAsync(t => t.Id == created.Details.Id, TestContext.Current.CancellationToken);
            record.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var api = Bearer(created.Token);
        (await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("rpat_notarealtoken")]
    [InlineData("garbage")]
    [InlineData("rpat_")]
    public async Task Token_Unknown_Is401(string token)
    {
        using var api = Bearer(token);
        (await api.GetAsync(new Uri("/api/v1/engagements", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_OfDisabledAccount_Is401()
    {
        string token;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccountService>();
            var created = await accounts.AddAsync("leaver@test.example", "Leaver", RoleNames.ProgrammeOfficer, "en", null, TestContext.Current.CancellationToken);
            token = (await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(created.User.Id, "ci", TimeSpan.FromDays(5), TestContext.Current.CancellationToken)).Token;
        }

        using var api = Bearer(token);
        (await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<UserAccountService>().DisableAsync("leaver@test.example", TestContext.Current.CancellationToken);
        }

        (await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_OfSomeoneElse_CannotBeRevoked()
    {
        using var owner = await app.SignedIn("officer@demo.rempart.example");
        var created = await CreateAsync(owner, "mine");
        using var other = await app.SignedIn("donor@demo.rempart.example");
        using var response = await other.DeleteAsync(new Uri($"/api/v1/tokens/{created.Details.Id}", UriKind.Relative), TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var api = Bearer(created.Token);
        (await api.GetAsync(new Uri("/api/v1/me", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_WithInvalidLifetime_Is400ProblemDetails()
    {
        using var owner = await app.SignedIn("officer@demo.rempart.example");
        using var response = await owner.PostAsJsonAsync("/api/v1/tokens", new { name = "x", expiresInDays = 5000 }, TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
