using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rempart.Core.Catalog;
using Rempart.Core.Engagements;

namespace Rempart.Core.Exports;

/// <summary>A national entity as the exports name it.</summary>
public sealed record ExportEntity(Guid Id, string Acronym, string NameEn, string NameFr)
{
    public string NameIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? NameFr : NameEn;
}

/// <summary>A consultation finding as the exports read it.</summary>
public sealed record ExportFinding(Guid Id, string Reference, FindingKind Kind, string TextEn, string TextFr, IReadOnlyList<Guid> Entities, IReadOnlyList<string> Questions, DateTimeOffset CreatedAt, string Classification = Access.Tlp.Amber);

/// <summary>What the OSCAL builders share: dates, properties, parties, and the content-derived root UUID.</summary>
internal static class OscalSupport
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The identifier type of <c>system-id</c>: an engagement code of Rempart (there is no SSP).</summary>
    public const string EngagementIdentifierType = OscalCatalogExporter.Ns + "/engagement-code";

    public static bool French(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase);

    public static string Pick(string language, string en, string fr) => French(language) ? fr : en;

    public static string Date(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>OSCAL strings may not be empty: a blank text becomes the fallback.</summary>
    public static string Text(string? text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();

    public static JsonObject Prop(string name, string value, bool ours = true) =>
        ours ? new JsonObject { ["name"] = name, ["ns"] = OscalCatalogExporter.Ns, ["value"] = value } : new JsonObject { ["name"] = name, ["value"] = value };

    public static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);

    public static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);

    /// <summary>A name-based UUID for one item of one engagement: the same item keeps it from one export to the next.</summary>
    public static string Uuid(string engagement, string kind, string id) => DeterministicUuid.Create($"{engagement}/{kind}/{id}").ToString();

    /// <summary>
    /// Puts the root UUID in place: derived from a hash of everything else, so that it changes whenever the content
    /// changes (as OSCAL asks) and stays the same for the same content.
    /// </summary>
    public static string Finish(JsonObject document, JsonObject root, string engagement, string model)
    {
        root["uuid"] = "";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document.ToJsonString())));
        root["uuid"] = Uuid(engagement, model, hash);
        return document.ToJsonString(Indented);
    }

    /// <summary>Back-matter resources for the provisions (UNSCR operative paragraphs and guidance) that items cite.</summary>
    public static JsonArray ProvisionResources(string engagement, CatalogDefinition? catalog, IEnumerable<string> provisionIds, string language)
    {
        var resources = new JsonArray();
        if (catalog is null)
        {
            return resources;
        }

        var instruments = catalog.Instruments.ToDictionary(i => i.Id);
        foreach (var id in provisionIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var provision = catalog.Provisions.FirstOrDefault(p => p.Id == id);
            if (provision is null || !instruments.TryGetValue(provision.InstrumentId, out var instrument))
            {
                continue;
            }

            resources.Add(new JsonObject
            {
                ["uuid"] = Uuid(engagement, "provision", id),
                ["title"] = instrument.Cite(provision, language),
                ["description"] = Text(provision.Paraphrase.Get(language), id),
                ["props"] = new JsonArray { Prop("provision-id", id), Prop("instrument-id", instrument.Id) },
                ["citation"] = new JsonObject { ["text"] = instrument.Cite(provision, language) },
            });
        }

        return resources;
    }

    /// <summary>Parties for every national entity and every organisation of the engagement, with their roles.</summary>
    public static (JsonArray Parties, Dictionary<Guid, string> EntityParty, Dictionary<string, string> OrganisationParty) Parties(
        string engagement, IReadOnlyList<ExportEntity> entities, IReadOnlyList<EngagementOrganisation> organisations, string language)
    {
        var parties = new JsonArray();
        var entityParty = new Dictionary<Guid, string>();
        var organisationParty = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entities)
        {
            var uuid = Uuid(engagement, "entity", e.Id.ToString());
            entityParty[e.Id] = uuid;
            parties.Add(new JsonObject
            {
                ["uuid"] = uuid, ["type"] = "organization", ["name"] = Text(e.NameIn(language), e.Acronym), ["short-name"] = e.Acronym,
                ["props"] = new JsonArray { Prop("party-kind", "national-entity") },
            });
        }

        foreach (var o in organisations)
        {
            var uuid = Uuid(engagement, "organisation", o.Code);
            organisationParty[o.Code] = uuid;
            var props = new JsonArray { Prop("party-kind", "engagement-organisation"), Prop("organisation-role", o.Role.ToString().ToLowerInvariant()) };
            var party = new JsonObject { ["uuid"] = uuid, ["type"] = "organization", ["name"] = Text(Pick(language, o.NameEn, o.NameFr), o.Code), ["short-name"] = o.Code, ["props"] = props };
            if (!string.IsNullOrWhiteSpace(o.IatiRef))
            {
                party["external-ids"] = new JsonArray { new JsonObject { ["scheme"] = "http://iatistandard.org/203/codelists/OrganisationIdentifier", ["id"] = o.IatiRef } };
            }

            parties.Add(party);
        }

        return (parties, entityParty, organisationParty);
    }

    /// <summary>The roles of the organisations of the engagement, and who holds them.</summary>
    public static void OrganisationRoles(JsonArray roles, JsonArray responsible, IReadOnlyList<EngagementOrganisation> organisations, Dictionary<string, string> parties, string language)
    {
        foreach (var group in organisations.GroupBy(o => o.Role).OrderBy(g => g.Key))
        {
            var (id, en, fr) = group.Key switch
            {
                OrganisationRole.Lead => ("programme-lead", "Programme lead", "Direction du programme"),
                OrganisationRole.Partner => ("programme-partner", "Programme partner", "Partenaire du programme"),
                OrganisationRole.Support => ("programme-support", "Programme support", "Appui au programme"),
                _ => ("donor", "Donor", "Bailleur"),
            };
            roles.Add(new JsonObject { ["id"] = id, ["title"] = Pick(language, en, fr) });
            responsible.Add(new JsonObject { ["role-id"] = id, ["party-uuids"] = Strings(group.Select(o => parties[o.Code])) });
        }
    }
}
