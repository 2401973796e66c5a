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

    /// <summary>
    /// Signs in as a person would: the password, then the second factor when the account asks for one (the code
    /// from <see cref="Authenticator"/>), then the set-up of the second factor when the role requires it and the
    /// account has none yet. Returns the last answer (a redirect to <paramref name="returnUrl"/> on success).
    /// </summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, string returnUrl = "/")
    {
        var response = await PostPasswordAsync(client, email, password, returnUrl);
        if (RedirectPath(client, response) is { } code && code.StartsWith("/account/signin/code", StringComparison.Ordinal))
        {
            response.Dispose();
            response = await PostCodeAsync(client, code, Authenticator.Code(email));
        }

        if (RedirectPath(client, response)?.StartsWith("/account/two-factor", StringComparison.Ordinal) == true)
        {
            response.Dispose();
            await SetUpSecondFactorAsync(client, email);
            response = new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri(returnUrl, UriKind.Relative) } };
        }

        return response;
    }

    /// <summary>Where a redirect points, as a local path and query; null when the answer is not a redirect.</summary>
    public static string? RedirectPath(HttpClient client, HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Found or HttpStatusCode.Redirect && response.Headers.Location is { } location
            ? new Uri(client.BaseAddress!, location).PathAndQuery
            : null;

    /// <summary>The password step alone.</summary>
    public static async Task<HttpResponseMessage> PostPasswordAsync(HttpClient client, string email, string password, string returnUrl = "/")
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

    /// <summary>The second step: a code (or a recovery code) on the page the password step sent to.</summary>
    public static async Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string location, string code)
    {
        var page = await client.GetStringAsync(new Uri(location, UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["_handler"] = "signin-code",
            ["Input.Code"] = code,
        });
        return await client.PostAsync(new Uri(location, UriKind.Relative), form);
    }

    /// <summary>Sets up the second factor through its page: reads the key shown, enters the code; returns the recovery codes shown.</summary>
    public static async Task<IReadOnlyList<string>> SetUpSecondFactorAsync(HttpClient client, string email)
    {
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/account/two-factor", UriKind.Relative)));
        var key = KeyPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("The set-up page shows no key.");
        Authenticator.Remember(email, key);
        var html = await PostPageFormHtmlAsync(client, "/account/two-factor", "enable-2fa", new Dictionary<string, string> { ["Input.Code"] = Authenticator.Code(email) });
        var codes = RecoveryPattern().Matches(html).Select(c => c.Groups[1].Value).ToList();
        if (codes.Count == 0)
        {
            throw new InvalidOperationException("Setting up the second factor showed no recovery codes: " + html);
        }

        return codes;
    }

    /// <summary>
    /// Opens a page, then posts one of its forms (named by <paramref name="formName"/>) with the page's antiforgery
    /// token, as a browser without script would.
    /// </summary>
    public static async Task<HttpResponseMessage> PostPageFormAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["__RequestVerificationToken"] = AntiforgeryToken(page.Split("<main")[0]);
        fields["_handler"] = formName;
        using var form = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    /// <summary>Like <see cref="PostPageFormAsync"/>, returning the decoded HTML of the answer.</summary>
    public static async Task<string> PostPageFormHtmlAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        using var response = await PostPageFormAsync(client, path, formName, fields);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The antiforgery token of the last form in a page.</summary>
    public static string AntiforgeryToken(string html) =>
        TokenPattern().Matches(html) is { Count: > 0 } m ? WebUtility.HtmlDecode(m[^1].Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("data-testid=\"authenticator-key\">([a-z0-9 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code class=\"secret\">([^<]+)</code></li>")]
    private static partial Regex RecoveryPattern();
}
