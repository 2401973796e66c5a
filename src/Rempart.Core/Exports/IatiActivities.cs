using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Rempart.Core.Data;
using Rempart.Core.Engagements;
using Rempart.Core.Monitoring;

namespace Rempart.Core.Exports;

/// <summary>Everything the IATI builder reads: the engagement, its organisations and the activities the reader may see.</summary>
public sealed record IatiInput(
    string EngagementCode, string CountryCode, IReadOnlyList<EngagementOrganisation> Organisations, IReadOnlyList<ActivityView> Activities, DateTimeOffset Generated);

/// <summary>A name in both languages that formats itself in the culture of the message it goes into.</summary>
public sealed record BilingualName(string En, string Fr) : IFormattable
{
    public string ToString(string? format, IFormatProvider? formatProvider) =>
        formatProvider is CultureInfo { TwoLetterISOLanguageName: "fr" } && Fr.Length > 0 ? Fr : En;

    public override string ToString() => En;
}

/// <summary>
/// Technical-assistance activities as an IATI 2.03 activity file: reported by the engagement's lead organisation
/// (its IATI identifier is required), each with its titles and descriptions in English and French, the donors,
/// the programme and its partners, status, dates, recipient country, DAC sector and one transaction per funding line.
/// </summary>
public static class IatiActivities
{
    public const string Version = "2.03";

    /// <summary>DAC 5-digit sector code (vocabulary 1): 15210 Security system management and reform.</summary>
    public const string Sector = "15210";

    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CIV"] = "CI", ["TGO"] = "TG", ["BEN"] = "BJ", ["BFA"] = "BF", ["GHA"] = "GH", ["MLI"] = "ML", ["NER"] = "NE", ["SEN"] = "SN", ["NGA"] = "NG",
        ["TCD"] = "TD", ["CMR"] = "CM", ["MRT"] = "MR", ["GIN"] = "GN", ["KEN"] = "KE", ["SOM"] = "SO", ["MAR"] = "MA", ["TUN"] = "TN",
    };

    /// <summary>ISO 3166-1 alpha-2 for an alpha-3 code (a small table, then the platform's regions); null when unknown.</summary>
    public static string? Alpha2(string alpha3)
    {
        if (Countries.TryGetValue(alpha3 ?? "", out var known))
        {
            return known;
        }

        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                var region = new RegionInfo(culture.Name);
                if (string.Equals(region.ThreeLetterISORegionName, alpha3, StringComparison.OrdinalIgnoreCase) && region.TwoLetterISORegionName.Length == 2)
                {
                    return region.TwoLetterISORegionName;
                }
            }
            catch (ArgumentException)
            {
                // A culture without a region: not this one.
            }
        }

        return null;
    }

    /// <summary>The code of ActivityStatus for an activity on a day (a completed one is closed once its end is past).</summary>
    public static string StatusCode(AssistanceActivity activity, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Status switch
        {
            ActivityStatus.Planned => "1",
            ActivityStatus.Ongoing => "2",
            ActivityStatus.Completed => activity.ActualEnd is { } end && end < today ? "4" : "3",
            _ => "5",
        };
    }

    public static byte[] Build(IatiInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var reporting = input.Organisations.FirstOrDefault(o => o.Role == OrganisationRole.Lead)
            ?? throw new DomainRuleException("Export.Iati.NoLead", input.EngagementCode);
        if (string.IsNullOrWhiteSpace(reporting.IatiRef))
        {
            throw new DomainRuleException("Export.Iati.NoRef", new BilingualName(reporting.NameEn, reporting.NameFr), reporting.Code, input.EngagementCode);
        }

        var reportingRef = reporting.IatiRef.Trim();
        var xml = XNamespace.Xml;
        var today = DateOnly.FromDateTime(input.Generated.UtcDateTime);
        var country = Alpha2(input.CountryCode);
        var organisations = input.Organisations.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        XElement Narrative(string text, string lang) => new("narrative", new XAttribute(xml + "lang", lang), text);
        IEnumerable<XElement> Narratives(string en, string fr, string fallback)
        {
            var english = string.IsNullOrWhiteSpace(en) ? fallback : en.Trim();
            var french = string.IsNullOrWhiteSpace(fr) ? english : fr.Trim();
            yield return Narrative(english, "en");
            yield return Narrative(french, "fr");
        }

        XElement Org(string name, EngagementOrganisation o, params object[] attributes)
        {
            var element = new XElement(name, attributes);
            if (!string.IsNullOrWhiteSpace(o.IatiRef))
            {
                element.Add(new XAttribute("ref", o.IatiRef.Trim()));
            }

            element.Add(Narratives(o.NameEn, o.NameFr, o.Code));
            return element;
        }

        var root = new XElement("iati-activities",
            new XAttribute("version", Version),
            new XAttribute("generated-datetime", input.Generated.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        foreach (var view in input.Activities.OrderBy(a => a.Activity.Number))
        {
            var a = view.Activity;
            var activity = new XElement("iati-activity",
                new XAttribute("last-updated-datetime", (a.UpdatedAt ?? a.CreatedAt).ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
                new XAttribute(xml + "lang", "en"));
            activity.Add(new XElement("iati-identifier", $"{reportingRef}-{view.Code}"));
            activity.Add(new XElement("reporting-org", new XAttribute("ref", reportingRef), new XAttribute("type", "40"), Narratives(reporting.NameEn, reporting.NameFr, reporting.Code)));
            activity.Add(new XElement("title", Narratives(a.TitleEn, a.TitleFr, view.Code)));
            activity.Add(new XElement("description", new XAttribute("type", "1"), Narratives(a.DescriptionEn, a.DescriptionFr, a.TitleEn)));

            // Funding: every donor that gives money for it; implementing: the programme; then the other partners.
            // Each organisation once per role: a donor that is also named as a partner is listed as a funder only.
            var listed = new HashSet<(string Code, string Role)>();
            foreach (var donor in view.Funding.Select(f => f.DonorCode).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (organisations.TryGetValue(donor, out var o) && listed.Add((o.Code.ToUpperInvariant(), "1")))
                {
                    activity.Add(Org("participating-org", o, new XAttribute("role", "1")));
                }
            }

            activity.Add(Org("participating-org", reporting, new XAttribute("role", "4"), new XAttribute("type", "40")));
            foreach (var partner in view.Partners.Select(p => p.Code).Where(p => !string.Equals(p, reporting.Code, StringComparison.OrdinalIgnoreCase)))
            {
                if (organisations.TryGetValue(partner, out var o))
                {
                    var role = o.Role switch
                    {
                        OrganisationRole.Donor => "1",
                        OrganisationRole.Support => "3",
                        _ => "4",
                    };
                    if (listed.Add((o.Code.ToUpperInvariant(), role)))
                    {
                        activity.Add(Org("participating-org", o, new XAttribute("role", role)));
                    }
                }
            }

            activity.Add(new XElement("activity-status", new XAttribute("code", StatusCode(a, today))));
            activity.Add(new XElement("activity-date", new XAttribute("type", "1"), new XAttribute("iso-date", Day(a.PlannedStart))));
            if (a.ActualStart is { } started)
            {
                activity.Add(new XElement("activity-date", new XAttribute("type", "2"), new XAttribute("iso-date", Day(started))));
            }

            activity.Add(new XElement("activity-date", new XAttribute("type", "3"), new XAttribute("iso-date", Day(a.PlannedEnd))));
            if (a.ActualEnd is { } ended)
            {
                activity.Add(new XElement("activity-date", new XAttribute("type", "4"), new XAttribute("iso-date", Day(ended))));
            }

            if (country is not null)
            {
                activity.Add(new XElement("recipient-country", new XAttribute("code", country), new XAttribute("percentage", "100")));
            }

            activity.Add(new XElement("sector", new XAttribute("vocabulary", "1"), new XAttribute("code", Sector), new XAttribute("percentage", "100"),
                Narrative("Security system management and reform", "en"), Narrative("Gestion et réforme du système de sécurité", "fr")));

            foreach (var f in view.Funding.OrderBy(f => f.Date).ThenBy(f => f.Id))
            {
                var transaction = new XElement("transaction",
                    new XElement("transaction-type", new XAttribute("code", f.Kind == FundingKind.Commitment ? "2" : "3")),
                    new XElement("transaction-date", new XAttribute("iso-date", Day(f.Date))),
                    new XElement("value", new XAttribute("currency", f.Currency), new XAttribute("value-date", Day(f.Date)), f.Amount.ToString("0.00", CultureInfo.InvariantCulture)));
                if (!string.IsNullOrWhiteSpace(f.Note))
                {
                    transaction.Add(new XElement("description", Narrative(f.Note.Trim(), "en")));
                }

                if (organisations.TryGetValue(f.DonorCode, out var donor))
                {
                    transaction.Add(Org("provider-org", donor));
                }

                activity.Add(transaction);
            }

            root.Add(activity);
        }

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }
}
