using System.Net;
using System.Net.Sockets;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using Rempart.Core.Monitoring;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Monitoring;

/// <summary>Reminders of the Togo plan sent through a real SMTP conversation with a local test server.</summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly int _port = FreePort();
    private SimpleSmtpServer _smtp = default!;
    private DemoWorld _world = default!;

    public async ValueTask InitializeAsync()
    {
        _smtp = SimpleSmtpServer.Start(_port);
        var settings = new MailSettings("127.0.0.1", _port, "rempart@programme.example", null, null, SecureSocketOptions.None, "https://rempart.programme.example");
        _world = await DemoWorld.CreateAsync(_time, s => s.AddSingleton(settings));
    }

    public async ValueTask DisposeAsync()
    {
        await _world.DisposeAsync();
        _smtp.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Each_person_gets_what_they_follow_in_their_language_once_a_week()
    {
        var plan = await _world.With(s => s.GetRequiredService<ReminderService>().PlanAsync());
        var togo = plan.Single(r => r.Email == "togo@demo.rempart.example");
        Assert.All(togo.Items, i => Assert.Equal("MSPC", i.Lead));
        var officer = plan.Single(r => r.Email == "officer@demo.rempart.example");
        Assert.True(officer.Items.Count > togo.Items.Count);
        Assert.DoesNotContain(plan, r => r.Email.StartsWith("donor@", StringComparison.Ordinal) || r.Email.StartsWith("auditor@", StringComparison.Ordinal));

        var sent = await _world.With(s => s.GetRequiredService<ReminderService>().SendDueAsync());
        Assert.Equal(plan.Count, sent);
        Assert.Equal(plan.Count, _smtp.ReceivedEmailCount);
        var french = _smtp.ReceivedEmail.Single(m => m.ToAddresses.Any(a => a.Address == "togo@demo.rempart.example"));
        Assert.Contains("demandent votre attention", french.Subject, StringComparison.Ordinal);
        var body = french.MessageParts[0].BodyData;
        Assert.Contains("TGO-2023-R04", body, StringComparison.Ordinal);
        Assert.Contains("Échéance de son horizon dépassée", body, StringComparison.Ordinal);
        Assert.Contains("https://rempart.programme.example/engagements/TGO-2023/monitoring/4", body, StringComparison.Ordinal);
        Assert.DoesNotContain("TGO-2023-R01", body, StringComparison.Ordinal);
        var english = _smtp.ReceivedEmail.Single(m => m.ToAddresses.Any(a => a.Address == "officer@demo.rempart.example"));
        Assert.Contains("need your attention", english.Subject, StringComparison.Ordinal);

        // The same day, and six days later: nothing more. A week later: again.
        Assert.Equal(0, await _world.With(s => s.GetRequiredService<ReminderService>().SendDueAsync()));
        _time.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, await _world.With(s => s.GetRequiredService<ReminderService>().SendDueAsync()));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(plan.Count, await _world.With(s => s.GetRequiredService<ReminderService>().SendDueAsync()));
    }

    [Fact]
    public async Task A_server_that_refuses_leaves_the_reminder_due_for_the_next_run()
    {
        _smtp.Stop();
        Assert.Equal(0, await _world.With(s => s.GetRequiredService<ReminderService>().SendDueAsync("TGO-2023")));
        using var again = SimpleSmtpServer.Start(_port);
        Assert.True(await _world.With(s => s.GetRequiredService<ReminderService>().SendDueAsync("TGO-2023")) > 0);
        Assert.True(again.ReceivedEmailCount > 0);
    }
}
