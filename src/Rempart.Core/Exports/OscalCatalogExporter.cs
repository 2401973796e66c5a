using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rempart.Core.Catalog;

namespace Rempart.Core.Exports;

/// <summary>
/// Writes a catalog version as an OSCAL 1.2.2 catalog (JSON): frameworks and themes as nested groups, questions as
/// controls (statement, guidance, maturity levels as assessment objectives, evidence, recommendation templates),
/// instruments and provisions as back-matter resources that the controls link to. UUIDs are name-based, so they
/// stay the same from one export to the next.
/// </summary>
public static class OscalCatalogExporter
{
    public const string OscalVersion = "1.2.2";

    /// <summary>Namespace of Rempart's own properties and parts.</summary>
    public const string Ns = "https://rempart.example/ns/oscal";

    public static string Export(CatalogDefinition catalog, string language, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        string T(LocalizedText text) => text.Get(language);
        Guid Uuid(string kind, string id) => DeterministicUuid.Create($"{catalog.Key}/{kind}/{id}");

        var instruments = catalog.Instruments.ToDictionary(i => i.Id);
        var provisions = catalog.Provisions.ToDictionary(p => p.Id);
        var scale = catalog.MaturityScale.ToDictionary(l => l.Level);

        JsonObject Prop(string name, string value, string? ns = Ns) =>
            ns is null ? new JsonObject { ["name"] = name, ["value"] = value } : new JsonObject { ["name"] = name, ["ns"] = ns, ["value"] = value };

        JsonObject Control(Question q)
        {
            var props = new JsonArray
            {
                Prop("label", q.Id.ToUpperInvariant(), null),
                Prop("weight", q.Weight.ToString(CultureInfo.InvariantCulture)),
                Prop("scope", q.Scope),
                Prop("framework", q.Framework),
                Prop("theme", q.Theme),
            };
            foreach (var sector in q.Sectors)
            {
                props.Add(Prop("sector", sector));
            }

            foreach (var type in q.EntityTypes)
            {
                props.Add(Prop("entity-type", type));
            }

            if (q.Origin != "base")
            {
                props.Add(Prop("overlay", q.Origin));
            }

            var links = new JsonArray();
            foreach (var pid in q.Provisions)
            {
                var p = provisions[pid];
                var status = p.Verification == Verification.Confirmed ? "" : OscalSupport.Pick(language, " (to verify)", " (à vérifier)");
                links.Add(new JsonObject
                {
                    ["href"] = $"#{Uuid("provision", pid)}",
                    ["rel"] = "reference",
                    ["text"] = $"{instruments[p.InstrumentId].Cite(p, language)}{status}",
                });
            }

            var objectives = new JsonArray();
            foreach (var level in q.Levels)
            {
                objectives.Add(new JsonObject
                {
                    ["id"] = $"{q.Id}_obj.l{level.Level}",
                    ["name"] = "assessment-objective",
                    ["props"] = new JsonArray { Prop("maturity-level", level.Level.ToString(CultureInfo.InvariantCulture)) },
                    ["title"] = $"{level.Level} · {T(scale[level.Level].Name)}",
                    ["prose"] = T(level.Descriptor),
                });
            }

            var parts = new JsonArray
            {
                new JsonObject { ["id"] = $"{q.Id}_smt", ["name"] = "statement", ["prose"] = T(q.Text) },
                new JsonObject { ["id"] = $"{q.Id}_gdn", ["name"] = "guidance", ["prose"] = T(q.Guidance) },
                new JsonObject { ["id"] = $"{q.Id}_obj", ["name"] = "assessment-objective", ["parts"] = objectives },
                new JsonObject
                {
                    ["id"] = $"{q.Id}_mth", ["name"] = "assessment-method",
                    ["props"] = new JsonArray { Prop("method", "EXAMINE", null) },
                    ["prose"] = T(q.Evidence),
                },
            };
            foreach (var t in catalog.Templates.Where(t => t.Question == q.Id))
            {
                var partners = string.Join("; ", t.Assistance.Select(a => $"{a.Partner}: {T(a.Module)}"));
                parts.Add(new JsonObject
                {
                    ["id"] = $"{q.Id}_rec.{t.Id}",
                    ["name"] = "recommendation",
                    ["ns"] = Ns,
                    ["class"] = $"band-{t.Band}",
                    ["title"] = T(t.Title),
                    ["props"] = new JsonArray { Prop("maturity-band", t.Band), Prop("lead-entity-type", t.LeadEntityType), Prop("horizon", t.Horizon) },
                    ["prose"] = partners.Length == 0 ? T(t.Action) : $"{T(t.Action)}\n\n{partners}",
                });
            }

            return new JsonObject
            {
                ["id"] = q.Id,
                ["class"] = "question",
                ["title"] = T(q.Text),
                ["props"] = props,
                ["links"] = links,
                ["parts"] = parts,
            };
        }

        var groups = new JsonArray();
        foreach (var framework in catalog.Frameworks)
        {
            var themeGroups = new JsonArray();
            foreach (var theme in catalog.Themes)
            {
                var controls = catalog.Questions.Where(q => q.Framework == framework.Id && q.Theme == theme.Id).Select(q => (JsonNode)Control(q)).ToArray();
                if (controls.Length > 0)
                {
                    themeGroups.Add(new JsonObject
                    {
                        ["id"] = $"{framework.Id}.{theme.Id}",
                        ["class"] = "theme",
                        ["title"] = T(theme.Name),
                        ["controls"] = new JsonArray(controls),
                    });
                }
            }

            var group = new JsonObject { ["id"] = framework.Id, ["class"] = "framework", ["title"] = T(framework.Name) };
            if (framework.Description is { } description)
            {
                group["parts"] = new JsonArray { new JsonObject { ["id"] = $"{framework.Id}_ovw", ["name"] = "overview", ["prose"] = T(description) } };
            }

            group["groups"] = themeGroups;
            groups.Add(group);
        }

        var resources = new JsonArray();
        foreach (var instrument in catalog.Instruments)
        {
            resources.Add(new JsonObject
            {
                ["uuid"] = Uuid("instrument", instrument.Id).ToString(),
                ["title"] = T(instrument.Title),
                ["props"] = new JsonArray
                {
                    Prop("instrument-id", instrument.Id), Prop("kind", instrument.Kind), Prop("binding", instrument.Binding ? "true" : "false"),
                    Prop("adopted", instrument.Adopted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                },
                ["citation"] = new JsonObject { ["text"] = T(instrument.Symbols) },
            });
            foreach (var p in instrument.Provisions)
            {
                var resource = new JsonObject
                {
                    ["uuid"] = Uuid("provision", p.Id).ToString(),
                    ["title"] = instrument.Cite(p, language),
                    ["description"] = T(p.Paraphrase),
                    ["props"] = new JsonArray
                    {
                        Prop("provision-id", p.Id), Prop("instrument-id", instrument.Id),
                        Prop("verification", p.Verification == Verification.Confirmed ? "confirmed" : "to-verify"),
                        Prop("scope", p.Scope),
                    },
                    ["citation"] = new JsonObject { ["text"] = instrument.Cite(p, language) },
                };
                if (p.VerificationNote is { } note)
                {
                    resource["remarks"] = T(note);
                }

                resources.Add(resource);
            }
        }

        var metadata = new JsonObject
        {
            ["title"] = T(catalog.Title),
            ["published"] = catalog.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["last-modified"] = lastModified.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["version"] = catalog.Version,
            ["oscal-version"] = OscalVersion,
            ["props"] = new JsonArray { Prop("catalog-key", catalog.Key), Prop("language", language) },
            ["remarks"] = T(catalog.Description),
        };
        if (catalog.BaseKey is { } baseKey)
        {
            ((JsonArray)metadata["props"]!).Add(Prop("extends", baseKey));
        }

        var document = new JsonObject
        {
            ["catalog"] = new JsonObject
            {
                ["uuid"] = DeterministicUuid.Create($"{catalog.Key}/catalog/{language}").ToString(),
                ["metadata"] = metadata,
                ["groups"] = groups,
                ["back-matter"] = new JsonObject { ["resources"] = resources },
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
