using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Rempart.Core.Auditing;
using Rempart.Core.Data;
using Rempart.Core.Monitoring;

namespace Rempart.Core.Access;

/// <summary>
/// "Forgot your password": a link by e-mail, valid one hour and once, when an SMTP server and the public address are
/// configured; otherwise an administrator sets a new password (<c>rempart users set-password</c>). The answer to a
/// request is the same whether or not the address has an account, so the page tells no one who has one.
/// </summary>
public sealed class PasswordResetService(UserManager<RempartUser> users, MailSettings mail, IMailSender sender, AuditLog audit, ILogger<PasswordResetService> logger)
{
    /// <summary>True when links can be sent: an SMTP server and the public address (links never take the request's host).</summary>
    public bool ByEmail => mail.Enabled && !string.IsNullOrWhiteSpace(mail.PublicUrl);

    /// <summary>Sends the link when the address belongs to an active account; says nothing either way.</summary>
    public async Task RequestAsync(string email, CancellationToken cancellationToken = default)
    {
        if (!ByEmail || string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null || user.IsDisabled || string.IsNullOrEmpty(user.Email))
        {
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = string.Create(CultureInfo.InvariantCulture,
            $"{mail.PublicUrl!.TrimEnd('/')}/account/reset?email={Uri.EscapeDataString(user.Email)}&token={Uri.EscapeDataString(token)}");
        var culture = Rempart.Core.Access.Cultures.For(user.PreferredLanguage.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en");
        string T(string key, params object[] args) => CoreMessages.Format(key, culture, args);
        var body = new System.Text.StringBuilder()
            .AppendLine(T("PasswordReset.Greeting", user.DisplayName)).AppendLine()
            .AppendLine(T("PasswordReset.Intro")).AppendLine()
            .AppendLine(link).AppendLine()
            .AppendLine(T("PasswordReset.Footer"));
        try
        {
            await sender.SendAsync(new MailMessage(user.Email, user.DisplayName, T("PasswordReset.Subject"), body.ToString()), cancellationToken);
            await audit.RecordAsync(Viewer.WithoutRoles(user.Id), null, "account.password.reset-sent", user.Email, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The person sees the same answer; the log says what failed, without the address.
            logger.LogWarning("A password reset link could not be sent: {Error}", e.GetBaseException().Message);
        }
    }

    /// <summary>Sets the new password when the link is genuine, unused and under an hour old; sessions elsewhere end.</summary>
    public async Task ResetAsync(string email, string token, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync((email ?? "").Trim());
        if (user is null || user.IsDisabled || string.IsNullOrEmpty(token))
        {
            throw new DomainRuleException("PasswordReset.LinkInvalid");
        }

        var result = await users.ResetPasswordAsync(user, token, password ?? "");
        if (!result.Succeeded)
        {
            throw result.Errors.Any(e => e.Code == "InvalidToken")
                ? new DomainRuleException("PasswordReset.LinkInvalid")
                : new DomainRuleException("Account.PasswordRejected", string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        await audit.RecordAsync(Viewer.WithoutRoles(user.Id), null, "account.password.reset", user.Email ?? user.Id.ToString(), null, cancellationToken);
    }
}
