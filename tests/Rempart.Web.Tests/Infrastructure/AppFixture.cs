using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Rempart.Web.Tests.Infrastructure;

/// <summary>One app on one fresh database, shared by the tests of a class.</summary>
public sealed partial class AppFixture : IAsyncLifetime
{
    public const string DemoPassword = "Demo-Rempart-2024";

    public TestDatabase Database { get; } = TestDatabase.Create();

    public RempartFactory Factory { get; private set; } = default!;

    public ValueTask InitializeAsync()
    {
        Factory = new RempartFactory(Database.Settings());
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A client that keeps cookies and does not follow redirects (so tests see them).</summary>
    public HttpClient Anonymous(string? language = null) => NewClient(Factory, language);

    /// <summary>A client signed in through the real sign-in form.</summary>
    public Task<HttpClient> SignedIn(string email, string? language = null) => SignInAsync(Factory, email, DemoPassword, language);

    public static HttpClient NewClient(WebApplicationFactory<Program> factory, string? language = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }

        return client;
    }

    public static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> factory, string email, string password, string? language = null)
    {
        var client = NewClient(factory, language);
        var response = await PostSignInAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync(new Uri("/account/signin", UriKind.Relative));
        var token = AntiforgeryToken(page);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "signin",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("/account/signin?ReturnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative), form);
    }

    /// <summary>The antiforgery token of the last form in a page.</summary>
    public static string AntiforgeryToken(string html) =>
        TokenPattern().Matches(html) is { Count: > 0 } m ? WebUtility.HtmlDecode(m[^1].Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
