using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Monitoring;
using ParticipantInput = Rempart.Core.Monitoring.ParticipantInput;

namespace Rempart.Web.Monitoring;

/// <summary>
/// What the activity forms post (no script): text as typed, so that a refused form comes back with it. Participants
/// are lines "ACRONYM or organisation; women; men"; recommendations are numbers; partners are organisation codes.
/// </summary>
public sealed partial class ActivityForm
{
    public Guid Stamp { get; set; }

    public AssistanceKind Kind { get; set; }

    public ActivityStatus Status { get; set; }

    public string? TitleEn { get; set; }

    public string? TitleFr { get; set; }

    public string? DescriptionEn { get; set; }

    public string? DescriptionFr { get; set; }

    public DateOnly? PlannedStart { get; set; }

    public DateOnly? PlannedEnd { get; set; }

    public DateOnly? ActualStart { get; set; }

    public DateOnly? ActualEnd { get; set; }

    public string? Place { get; set; }

    public string? Partners { get; set; }

    public string? Recommendations { get; set; }

    public string? Participants { get; set; }

    public string? Classification { get; set; }

    /// <summary>A first funding line (creation only; later lines are added on the activity's page).</summary>
    public FundingForm Funding { get; set; } = new();

    public static ActivityForm From(ActivityView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var a = view.Activity;
        return new ActivityForm
        {
            Stamp = a.ConcurrencyStamp, Kind = a.Kind, Status = a.Status, TitleEn = a.TitleEn, TitleFr = a.TitleFr, DescriptionEn = a.DescriptionEn, DescriptionFr = a.DescriptionFr,
            PlannedStart = a.PlannedStart, PlannedEnd = a.PlannedEnd, ActualStart = a.ActualStart, ActualEnd = a.ActualEnd, Place = a.Place,
            Partners = string.Join(", ", a.Partners), Recommendations = string.Join(", ", view.Recommendations.Select(r => r.Number.ToString(CultureInfo.InvariantCulture))),
            Participants = string.Join("\n", view.Participants.Select(p => $"{p.Who}; {p.Women}; {p.Men}")), Classification = a.Classification,
        };
    }

    /// <summary>The input for the service, or a refusal (in the reader's language) naming what to fix.</summary>
    public ActivityInput ToInput(IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (PlannedStart is not { } start || PlannedEnd is not { } end)
        {
            throw new FormProblemException(text["Mon.PlannedDatesRequired"]);
        }

        var participants = new List<ParticipantInput>();
        foreach (var line in (Participants ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length != 3 || parts[0].Length == 0 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var women)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var men))
            {
                throw new FormProblemException(text["Mon.ParticipantLine", line]);
            }

            participants.Add(new ParticipantInput(parts[0], women, men));
        }

        var numbers = new List<int>();
        foreach (var token in (Recommendations ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var digits = TrailingNumber().Match(token);
            if (!digits.Success || !int.TryParse(digits.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new FormProblemException(text["Mon.RecommendationNumber", token]);
            }

            numbers.Add(number);
        }

        return new ActivityInput(Kind, Status, TitleEn ?? "", TitleFr ?? "", DescriptionEn, DescriptionFr, start, end, ActualStart, ActualEnd, Place,
            (Partners ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries), numbers, participants, Classification);
    }

    [GeneratedRegex("[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNumber();
}

/// <summary>One funding line as typed.</summary>
public sealed partial class FundingForm
{
    public string? Donor { get; set; }

    public FundingKind Kind { get; set; }

    public string? Amount { get; set; }

    public string? Currency { get; set; }

    public DateOnly? Date { get; set; }

    public string? Note { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Donor) && string.IsNullOrWhiteSpace(Amount);

    /// <summary>The line for the service; the same checks as the service, made before anything is saved.</summary>
    public FundingInput ToInput(IReadOnlyList<EngagementOrganisation> organisations, IStringLocalizer<SharedResource> text)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        ArgumentNullException.ThrowIfNull(text);
        var culture = CultureInfo.CurrentUICulture;
        var donors = organisations.Where(o => o.Role == OrganisationRole.Donor).Select(o => o.Code).ToList();
        var donor = (Donor ?? "").Trim();
        if (!donors.Contains(donor, StringComparer.OrdinalIgnoreCase))
        {
            throw new FormProblemException(CoreMessages.Format("Assistance.UnknownDonor", culture, donor, string.Join(", ", donors)));
        }

        var currency = (Currency ?? "").Trim();
        if (!CurrencyPattern().IsMatch(currency))
        {
            throw new FormProblemException(CoreMessages.Format("Assistance.Currency", culture, currency));
        }

        var typed = (Amount ?? "").Replace(" ", "", StringComparison.Ordinal).Replace('\u00A0', ' ').Replace(" ", "", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(typed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw new FormProblemException(CoreMessages.Format("Assistance.Amount", culture, Amount ?? ""));
        }

        if (Date is not { } date)
        {
            throw new FormProblemException(CoreMessages.Format("Monitoring.DateRequired", culture));
        }

        return new FundingInput(donor, Kind, amount, currency.ToUpperInvariant(), date, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim());
    }

    [GeneratedRegex("^[A-Za-z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();
}

/// <summary>A form that cannot be read as typed: the message is already in the reader's language.</summary>
public sealed class FormProblemException(string message) : Exception(message);

internal static class ActivityText
{
    public static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" ? "fr" : "en";

    public static IReadOnlyList<string> Classifications => Tlp.All;
}
