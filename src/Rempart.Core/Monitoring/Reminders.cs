using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MimeKit;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core.Monitoring;

/// <summary>
/// Where e-mail goes out. Without <c>Smtp:Host</c> nothing is sent (reminders stay on the pages). The password
/// comes from the environment (<c>Smtp__Password</c>) and is never logged.
/// </summary>
public sealed record MailSettings(string? Host, int Port, string From, string? User, string? Password, SecureSocketOptions Security, string? PublicUrl)
{
    public static MailSettings None { get; } = new(null, 25, "rempart@localhost", null, null, SecureSocketOptions.None, null);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public static MailSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var host = configuration["Smtp:Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            return None with { PublicUrl = configuration["Rempart:PublicUrl"] };
        }

        var portText = configuration["Smtp:Port"];
        var port = 587;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ConfigurationException("Smtp:Port", $"'{portText}' is not a port number.", "Smtp__Port=587");
        }

        var securityText = configuration["Smtp:Security"];
        var security = SecureSocketOptions.StartTlsWhenAvailable;
        if (!string.IsNullOrWhiteSpace(securityText) && !Enum.TryParse(securityText, true, out security))
        {
            throw new ConfigurationException("Smtp:Security", $"'{securityText}' is not one of None, StartTls, StartTlsWhenAvailable, SslOnConnect.", "Smtp__Security=StartTls");
        }

        var from = configuration["Smtp:From"];
        if (string.IsNullOrWhiteSpace(from) || !MailboxAddress.TryParse(from, out _))
        {
            throw new ConfigurationException("Smtp:From", "a sender address is required when Smtp:Host is set.", "Smtp__From=rempart@programme.example");
        }

        return new MailSettings(host.Trim(), port, from.Trim(), configuration["Smtp:User"], configuration["Smtp:Password"], security, configuration["Rempart:PublicUrl"]);
    }
}

/// <summary>One plain-text message to one person.</summary>
public sealed record MailMessage(string To, string ToName, string Subject, string Body);

public interface IMailSender
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>Sends through the configured SMTP server with MailKit.</summary>
public sealed class SmtpMailSender(MailSettings settings) : IMailSender
{
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!settings.Enabled)
        {
            throw new InvalidOperationException("Smtp:Host is not set.");
        }

        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(new MailboxAddress(message.ToName, message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Host!, settings.Port, settings.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.User))
        {
            await client.AuthenticateAsync(settings.User, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}

/// <summary>A reminder sent (or being sent) to a person about an engagement: one per person and engagement per <see cref="ReminderService.IntervalDays"/> days.</summary>
public sealed class ReminderLog
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public Guid EngagementId { get; set; }

    public DateOnly SentOn { get; set; }

    public int Items { get; set; }
}

internal sealed class ReminderLogConfiguration : IEntityTypeConfiguration<ReminderLog>
{
    public void Configure(EntityTypeBuilder<ReminderLog> builder)
    {
        builder.ToTable("ReminderLog");
        builder.HasKey(r => r.Id);

        // Two instances working at once claim the same day's row: only one of them sends.
        builder.HasIndex(r => new { r.UserId, r.EngagementId, r.SentOn }).IsUnique();
    }
}

/// <summary>What one person is reminded of in one engagement.</summary>
public sealed record Reminder(Guid UserId, string Email, string Name, string Language, Guid EngagementId, string EngagementCode, IReadOnlyList<TrackedRecommendation> Items);

/// <summary>
/// E-mail reminders of what needs attention in adopted plans: a respondent gets what its entity leads; programme
/// officers and national coordinators get everything. At most one message per person and engagement every
/// <see cref="IntervalDays"/> days, in the person's language; nothing is sent when SMTP is not configured.
/// </summary>
public sealed class ReminderService(AppDbContext db, MonitoringService monitoring, MailSettings settings, IMailSender sender, TimeProvider time, ILogger<ReminderService> logger)
{
    public const int IntervalDays = 7;


    public bool Enabled => settings.Enabled;

    /// <summary>Who would be reminded of what today (every engagement under implementation, or one).</summary>
    public async Task<IReadOnlyList<Reminder>> PlanAsync(string? engagement = null, CancellationToken cancellationToken = default)
    {
        var code = engagement?.Trim().ToUpperInvariant();
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => (code == null && e.Stage == EngagementStage.Implementation) || e.Code == code)
            .Select(e => new { e.Id, e.Code, Members = e.Members.Select(m => new { m.UserId, m.Role, m.EntityId }).ToList() })
            .ToListAsync(cancellationToken);
        if (code is not null && engagements.Count == 0)
        {
            throw new NotFoundException("Engagement.NotFound", engagement!);
        }

        var adopted = await db.Roadmaps.AsNoTracking().Where(r => r.State == Roadmaps.RoadmapState.Adopted).Select(r => r.EngagementId).ToListAsync(cancellationToken);
        var reminders = new List<Reminder>();
        foreach (var e in engagements.Where(e => adopted.Contains(e.Id)))
        {
            var plan = await monitoring.OverviewAsync(new EngagementContext(e.Id, e.Code, null, Viewer.Operator), cancellationToken);
            var needing = plan.Items.Where(i => i.State.Attention.Count > 0).ToList();
            var userIds = e.Members.Select(m => m.UserId).ToList();
            var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && !u.IsDisabled && u.Email != null)
                .ToDictionaryAsync(u => u.Id, cancellationToken);
            foreach (var member in e.Members.Where(m => users.ContainsKey(m.UserId)))
            {
                List<TrackedRecommendation> items = member.Role switch
                {
                    RoleNames.ProgrammeOfficer or RoleNames.NationalCoordinator => needing,
                    RoleNames.EntityRespondent when member.EntityId is { } entity => [.. needing.Where(i => i.LeadId == entity)],
                    _ => [],
                };
                if (items.Count > 0)
                {
                    var user = users[member.UserId];
                    reminders.Add(new Reminder(user.Id, user.Email!, user.DisplayName, user.PreferredLanguage, e.Id, e.Code, items));
                }
            }
        }

        return reminders;
    }

    /// <summary>Sends the reminders due today; returns how many messages went out.</summary>
    public async Task<int> SendDueAsync(string? engagement = null, CancellationToken cancellationToken = default)
    {
        if (!settings.Enabled)
        {
            return 0;
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var since = today.AddDays(-IntervalDays + 1);
        var sent = 0;
        foreach (var reminder in await PlanAsync(engagement, cancellationToken))
        {
            if (await db.ReminderLog.AnyAsync(r => r.UserId == reminder.UserId && r.EngagementId == reminder.EngagementId && r.SentOn >= since, cancellationToken))
            {
                continue;
            }

            // Claim first, so that a second instance running at the same moment skips this person.
            var claim = new ReminderLog { UserId = reminder.UserId, EngagementId = reminder.EngagementId, SentOn = today, Items = reminder.Items.Count };
            db.ReminderLog.Add(claim);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                db.Entry(claim).State = EntityState.Detached;
                continue;
            }

            try
            {
                await sender.SendAsync(Compose(reminder, settings.PublicUrl), cancellationToken);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not sent: release the claim so that the next run tries again. No address in the log.
                db.ReminderLog.Remove(claim);
                await db.SaveChangesAsync(CancellationToken.None);
                logger.LogWarning("A reminder for {Engagement} could not be sent: {Error}", reminder.EngagementCode, e.GetBaseException().Message);
            }
        }

        logger.LogInformation("Reminders sent: {Count}", sent);
        return sent;
    }

    /// <summary>The message in the person's language: each recommendation with why it needs attention, and a link when the public address is known.</summary>
    public static MailMessage Compose(Reminder reminder, string? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var culture = Rempart.Core.Access.Cultures.For(reminder.Language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en");
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var body = new System.Text.StringBuilder();
        body.AppendLine(T("Reminder.Greeting", reminder.Name)).AppendLine();
        body.AppendLine(T("Reminder.Intro", reminder.EngagementCode, reminder.Items.Count)).AppendLine();
        foreach (var item in reminder.Items)
        {
            body.Append("- ").Append(item.Code).Append(" — ").AppendLine(item.Recommendation.TitleIn(culture.Name));
            foreach (var reason in item.State.Attention)
            {
                body.Append("    · ").AppendLine(T(reason));
            }

            if (!string.IsNullOrWhiteSpace(publicUrl))
            {
                body.Append("    ").Append(publicUrl.TrimEnd('/')).Append("/engagements/").Append(reminder.EngagementCode).Append("/monitoring/")
                    .AppendLine(item.Recommendation.Number.ToString(CultureInfo.InvariantCulture));
            }
        }

        body.AppendLine().AppendLine(T("Reminder.Footer", IntervalDays));
        return new MailMessage(reminder.Email, reminder.Name, T("Reminder.Subject", reminder.EngagementCode, reminder.Items.Count), body.ToString());
    }
}
