using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rempart.Web.Hosting;
using Rempart.Web.Tests.Infrastructure;

namespace Rempart.Web.Tests.Access;

/// <summary>Sessions end after 30 idle minutes and 12 hours after sign-in however active; guessing from one address is stopped with 429.</summary>
public sealed class SessionLimitTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Uri U(string path) => new(path, UriKind.Relative);

    [Fact]
    public async Task An_active_session_still_ends_twelve_hours_after_sign_in_and_an_idle_one_after_thirty_minutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = app.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var active = await AppFixture.SignInAsync(factory, "officer@demo.rempart.example", AppFixture.DemoPassword, "en");
        var elapsed = TimeSpan.Zero;
        while (elapsed + TimeSpan.FromMinutes(20) < WebServices.AbsoluteTimeout)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            elapsed += TimeSpan.FromMinutes(20);
            (await active.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.OK, $"{elapsed} after sign-in, active every 20 minutes");
        }

        clock.Advance(WebServices.AbsoluteTimeout - elapsed + TimeSpan.FromMinutes(1));
        var ended = await active.GetAsync(U("/engagements"), Ct);
        ended.StatusCode.Should().Be(HttpStatusCode.Found);
        ended.Headers.Location!.ToString().Should().Contain("/account/signin");

        using var idle = await AppFixture.SignInAsync(factory, "officer@demo.rempart.example", AppFixture.DemoPassword, "en");
        clock.Advance(WebServices.IdleTimeout + TimeSpan.FromMinutes(1));
        (await idle.GetAsync(U("/engagements"), Ct)).StatusCode.Should().Be(HttpStatusCode.Found);
    }

    [Fact]
    public async Task Many_failed_token_uses_from_one_address_are_refused_before_any_token_is_checked()
    {
        using var client = app.Anonymous("en");
        HttpResponseMessage? last = null;
        for (var i = 0; i < Rempart.Web.Access.AttemptThrottle.Token.Failures; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, U("/api/v1/me"));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", $"rpat_guess{i:D4}");
            last = await client.SendAsync(request, Ct);
            last.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using var blocked = new HttpRequestMessage(HttpMethod.Get, U("/api/v1/me"));
        blocked.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "rpat_one-more-guess");
        var refused = await client.SendAsync(blocked, Ct);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.Should().BePositive();
        refused.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    /// <summary>Every request of the test server arrives from this address, as from a reverse proxy.</summary>
    private sealed class FromProxy : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, follow) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.5");
                await follow();
            });
            next(app);
        };
    }

    private static async Task<HttpStatusCode> GuessAsync(HttpClient client, string from)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, U("/api/v1/me"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "rpat_" + Guid.NewGuid().ToString("N"));
        request.Headers.Add("X-Forwarded-For", from);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("10.0.0.5", true)]
    [InlineData("", false)]
    public async Task Behind_a_trusted_proxy_each_client_address_is_counted_alone(string trusted, bool separate)
    {
        await using var factory = app.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Hosting:TrustedProxies", trusted);
            b.ConfigureTestServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, FromProxy>());
        });
        using var client = AppFixture.NewClient(factory, "en");
        for (var i = 0; i < Rempart.Web.Access.AttemptThrottle.Token.Failures; i++)
        {
            (await GuessAsync(client, "198.51.100.1")).Should().Be(HttpStatusCode.Unauthorized);
        }

        (await GuessAsync(client, "198.51.100.1")).Should().Be(HttpStatusCode.TooManyRequests);
        (await GuessAsync(client, "198.51.100.2")).Should().Be(separate ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests,
            separate ? "another client behind the trusted proxy is not held back" : "an untrusted proxy's forwarded address is not believed");
    }

    [Fact]
    public async Task Many_failed_sign_ins_from_one_address_are_refused_whatever_the_account()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = app.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = AppFixture.NewClient(factory, "en");
        for (var i = 0; i < Rempart.Web.Access.AttemptThrottle.SignIn.Failures; i++)
        {
            using var wrong = await AppFixture.PostSignInAsync(client, $"nobody{i}@guess.example", "Wrong-Horse-42");
            wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var refused = await AppFixture.PostSignInAsync(client, "officer@demo.rempart.example", AppFixture.DemoPassword);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "even the right password waits: the address is refused before any password is checked");
        (await refused.Content.ReadAsStringAsync(Ct)).Should().Contain("Too many failed sign-ins");

        clock.Advance(Rempart.Web.Access.AttemptThrottle.SignIn.Window + TimeSpan.FromSeconds(1));
        (await AppFixture.PostSignInAsync(client, "officer@demo.rempart.example", AppFixture.DemoPassword)).StatusCode.Should().Be(HttpStatusCode.Found, "the window has passed");
    }

    [Fact]
    public async Task Right_passwords_that_ask_for_the_second_factor_next_are_not_counted_as_failures()
    {
        // A workshop room behind one address: officers signing in over and over must not lock everyone out.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = app.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        for (var i = 0; i <= Rempart.Web.Access.AttemptThrottle.SignIn.Failures; i++)
        {
            using var client = AppFixture.NewClient(factory, "en");
            using var right = await AppFixture.PostPasswordAsync(client, "officer@demo.rempart.example", AppFixture.DemoPassword);
            AppFixture.RedirectPath(client, right).Should().StartWith("/account/signin/code", $"sign-in {i + 1} goes on to the code page");
        }

        using var respondent = AppFixture.NewClient(factory, "fr");
        (await AppFixture.PostSignInAsync(respondent, "energy@demo.rempart.example", AppFixture.DemoPassword)).StatusCode.Should().Be(HttpStatusCode.Found);
    }
}
