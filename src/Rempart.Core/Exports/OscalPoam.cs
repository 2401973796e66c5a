using System.Globalization;
using System.Text.Json.Nodes;
using Rempart.Core.Catalog;
using Rempart.Core.Engagements;
using Rempart.Core.Monitoring;
using Rempart.Core.Roadmaps;
using Rempart.Core.Scoring;
using static Rempart.Core.Exports.OscalSupport;

namespace Rempart.Core.Exports;

/// <summary>Where one recommendation stands, when the plan is adopted and followed.</summary>
public sealed record PoamTracking(ImplementationStatus Recorded, ImplementationStatus Effective, int Progress, DateOnly? LastReport, IReadOnlySet<int> ReachedMilestones);

/// <summary>Everything the POA&amp;M builder reads; nothing else influences the document.</summary>
public sealed record PoamInput(
    string EngagementCode, string TitleEn, string TitleFr, RoadmapState State, int Edition, int Revision, DateOnly? Adopted, int ShortMonths, int MediumMonths,
    string Classification, IReadOnlyList<Recommendation> Recommendations, IReadOnlyList<ExportEntity> Entities, IReadOnlyList<EngagementOrganisation> Organisations,
    IReadOnlyList<ExportFinding> Findings, CatalogDefinition? Catalog, IReadOnlyDictionary<string, ScoredQuestion> Scores,
    IReadOnlyDictionary<Guid, PoamTracking> Tracking, DateTimeOffset LastModified);

/// <summary>
/// The national plan of action as an OSCAL 1.2.2 plan of action and milestones (JSON): each recommendation is a
/// poam-item with its risk (status from monitoring, priority, deadline from the horizon, milestones as remediation
/// tasks assigned to the lead entity), the gaps it answers are findings, and the consultation findings behind it
/// are observations. Item UUIDs are name-based and stable; the root UUID is derived from the content.
/// </summary>
public static class OscalPoam
{
    public static string Build(PoamInput input, string language)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = input.EngagementCode;
        string U(string kind, string id) => Uuid(code, kind, id);
        var fr = French(language);
        var entities = input.Entities.ToDictionary(e => e.Id);
        var (parties, entityParty, organisationParty) = Parties(code, input.Entities, input.Organisations, language);

        // Roles and who holds them.
        var roles = new JsonArray();
        var responsible = new JsonArray();
        var leads = input.Recommendations.Where(r => r.LeadEntityId is { } l && entityParty.ContainsKey(l)).Select(r => r.LeadEntityId!.Value).Distinct().ToList();
        var supporting = input.Recommendations.SelectMany(r => r.SupportingEntityIds).Where(entityParty.ContainsKey).Distinct().ToList();
        roles.Add(new JsonObject { ["id"] = "lead-entity", ["title"] = Pick(language, "Lead national entity", "Entité nationale cheffe de file") });
        roles.Add(new JsonObject { ["id"] = "supporting-entity", ["title"] = Pick(language, "Supporting national entity", "Entité nationale d'appui") });
        if (leads.Count > 0)
        {
            responsible.Add(new JsonObject { ["role-id"] = "lead-entity", ["party-uuids"] = Strings(leads.Select(l => entityParty[l])) });
        }

        if (supporting.Count > 0)
        {
            responsible.Add(new JsonObject { ["role-id"] = "supporting-entity", ["party-uuids"] = Strings(supporting.Select(s => entityParty[s])) });
        }

        OrganisationRoles(roles, responsible, input.Organisations, organisationParty, language);

        // Observations: the consultation findings the plan stands on.
        var cited = input.Recommendations.SelectMany(r => r.Findings).ToHashSet();
        var findingsUsed = input.Findings.Where(f => cited.Contains(f.Id)).OrderBy(f => f.Reference, StringComparer.Ordinal).ToList();
        var observations = new JsonArray();
        foreach (var f in findingsUsed)
        {
            var observation = new JsonObject
            {
                ["uuid"] = U("observation", f.Id.ToString()),
                ["title"] = f.Reference,
                ["description"] = Text(Pick(language, f.TextEn, f.TextFr), f.Reference),
                ["props"] = new JsonArray { Prop("finding-reference", f.Reference), Prop("finding-kind", f.Kind.ToString().ToLowerInvariant()) },
                ["methods"] = new JsonArray { "INTERVIEW" },
                ["types"] = new JsonArray { "finding" },
            };
            var actors = f.Entities.Where(entityParty.ContainsKey).Select(e => (JsonNode)new JsonObject { ["type"] = "party", ["actor-uuid"] = entityParty[e] }).ToList();
            if (actors.Count > 0)
            {
                observation["origins"] = new JsonArray { new JsonObject { ["actors"] = new JsonArray([.. actors]) } };
            }

            observation["collected"] = Date(f.CreatedAt);
            observations.Add(observation);
        }

        string ObservationOf(Guid finding) => U("observation", finding.ToString());
        var observed = findingsUsed.Select(f => f.Id).ToHashSet();

        // Findings: one per gap the plan addresses.
        var gapQuestions = input.Recommendations.SelectMany(r => r.Questions).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var findings = new JsonArray();
        foreach (var q in gapQuestions)
        {
            var question = input.Catalog?.Questions.FirstOrDefault(x => x.Id == q);
            var score = input.Scores.GetValueOrDefault(q);
            var level = score?.Level is { } l ? l.ToString(CultureInfo.InvariantCulture) : "?";
            var target = (score?.Target ?? question?.TargetLevel ?? Question.DefaultTarget).ToString(CultureInfo.InvariantCulture);
            var finding = new JsonObject
            {
                ["uuid"] = U("finding", q),
                ["title"] = Text(question?.Text.Get(language), q),
                ["description"] = fr ? $"Niveau national {level}, cible {target} : écart à combler par le plan." : $"National level {level}, target {target}: a gap the plan addresses.",
                ["props"] = new JsonArray { Prop("question-id", q) },
                ["target"] = new JsonObject
                {
                    ["type"] = "objective-id", ["target-id"] = q,
                    ["status"] = new JsonObject { ["state"] = "not-satisfied" },
                },
            };
            var related = findingsUsed.Where(f => f.Questions.Contains(q, StringComparer.Ordinal)).Select(f => (JsonNode)new JsonObject { ["observation-uuid"] = ObservationOf(f.Id) }).ToList();
            if (related.Count > 0)
            {
                finding["related-observations"] = new JsonArray([.. related]);
            }

            var risks = input.Recommendations.Where(r => r.Questions.Contains(q, StringComparer.Ordinal)).Select(r => (JsonNode)new JsonObject { ["risk-uuid"] = U("risk", r.Id.ToString()) }).ToList();
            if (risks.Count > 0)
            {
                finding["related-risks"] = new JsonArray([.. risks]);
            }

            findings.Add(finding);
        }

        // Risks and poam-items: one each per recommendation.
        var characterizer = input.Organisations.FirstOrDefault(o => o.Role == OrganisationRole.Lead) is { } lead ? organisationParty[lead.Code] : null;
        var riskArray = new JsonArray();
        var items = new JsonArray();
        foreach (var r in input.Recommendations)
        {
            var recommendationCode = $"{code}-R{r.Number:00}";
            var tracking = input.Tracking.GetValueOrDefault(r.Id);
            var status = tracking?.Effective ?? ImplementationStatus.NotStarted;
            var deadline = input.Adopted is { } adopted ? TrackingRules.Deadline(adopted, r.Horizon, input.ShortMonths, input.MediumMonths) : null;
            var leadParty = r.LeadEntityId is { } leadId ? entityParty.GetValueOrDefault(leadId) : null;
            var related = r.Findings.Where(observed.Contains).Select(f => (JsonNode)new JsonObject { ["observation-uuid"] = ObservationOf(f) }).ToList();

            var tasks = new JsonArray();
            for (var i = 0; i < r.Milestones.Count; i++)
            {
                var m = r.Milestones[i];
                var task = new JsonObject
                {
                    ["uuid"] = U("milestone", $"{r.Id}/{i}"),
                    ["type"] = "milestone",
                    ["title"] = Text(Pick(language, m.TitleEn, m.TitleFr), $"{recommendationCode} M{i + 1}"),
                    ["props"] = new JsonArray { Prop("month-after-adoption", m.Month.ToString(CultureInfo.InvariantCulture)) },
                };
                if (tracking?.ReachedMilestones.Contains(i) == true)
                {
                    ((JsonArray)task["props"]!).Add(Prop("reached", "true"));
                }

                if (input.Adopted is { } on)
                {
                    task["timing"] = new JsonObject { ["on-date"] = new JsonObject { ["date"] = Date(on.AddMonths(Math.Max(0, m.Month))) } };
                }

                if (leadParty is not null)
                {
                    task["responsible-roles"] = new JsonArray { new JsonObject { ["role-id"] = "lead-entity", ["party-uuids"] = new JsonArray { leadParty } } };
                }

                tasks.Add(task);
            }

            var remediation = new JsonObject
            {
                ["uuid"] = U("remediation", r.Id.ToString()),
                ["lifecycle"] = status == ImplementationStatus.Completed ? "completed" : "planned",
                ["title"] = Text(r.TitleIn(language), recommendationCode),
                ["description"] = Text(r.TextIn(language), recommendationCode),
                ["props"] = new JsonArray { Prop("type", "mitigate", ours: false) },
            };
            if (tasks.Count > 0)
            {
                remediation["tasks"] = tasks;
            }

            var risk = new JsonObject
            {
                ["uuid"] = U("risk", r.Id.ToString()),
                ["title"] = Text(r.TitleIn(language), recommendationCode),
                ["description"] = Text(r.TextIn(language), recommendationCode),
                ["statement"] = Text(r.RationaleIn(language), Text(r.TextIn(language), recommendationCode)),
                ["props"] = new JsonArray { Prop("recommendation-code", recommendationCode) },
                ["status"] = status switch
                {
                    ImplementationStatus.NotStarted => "open",
                    ImplementationStatus.InProgress or ImplementationStatus.Delayed => "remediating",
                    _ => "closed",
                },
            };
            if (characterizer is not null)
            {
                risk["characterizations"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["origin"] = new JsonObject { ["actors"] = new JsonArray { new JsonObject { ["type"] = "party", ["actor-uuid"] = characterizer } } },
                        ["facets"] = new JsonArray
                        {
                            new JsonObject { ["name"] = "priority", ["system"] = OscalCatalogExporter.Ns, ["value"] = r.Priority.ToString().ToLowerInvariant() },
                            new JsonObject { ["name"] = "priority-index", ["system"] = OscalCatalogExporter.Ns, ["value"] = r.PriorityIndex.ToString("0.00", CultureInfo.InvariantCulture) },
                        },
                    },
                };
            }

            if (deadline is { } d)
            {
                risk["deadline"] = Date(d);
            }

            risk["remediations"] = new JsonArray { remediation };
            if (related.Count > 0)
            {
                risk["related-observations"] = new JsonArray([.. related.Select(n => n.DeepClone())]);
            }

            riskArray.Add(risk);

            var props = new JsonArray
            {
                Prop("code", recommendationCode), Prop("priority", r.Priority.ToString().ToLowerInvariant()), Prop("horizon", Text(r.Horizon, "medium")),
                Prop("framework", Text(r.Framework, "-")), Prop("theme", Text(r.Theme, "-")),
            };
            if (r.LeadEntityId is { } le && entities.TryGetValue(le, out var leadEntity))
            {
                props.Add(Prop("lead-entity", leadEntity.Acronym));
            }

            if (tracking is not null)
            {
                props.Add(Prop("implementation-status", tracking.Effective.ToString()));
                props.Add(Prop("reported-status", tracking.Recorded.ToString()));
                props.Add(Prop("progress", tracking.Progress.ToString(CultureInfo.InvariantCulture)));
                if (tracking.LastReport is { } last)
                {
                    props.Add(Prop("last-report", last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                }
            }

            var item = new JsonObject
            {
                ["uuid"] = U("poam-item", r.Id.ToString()),
                ["title"] = Text(r.TitleIn(language), recommendationCode),
                ["description"] = Text(r.TextIn(language), recommendationCode),
                ["props"] = props,
            };
            var links = r.Provisions.Select(p => (JsonNode)new JsonObject { ["href"] = "#" + U("provision", p), ["rel"] = "reference" }).ToList();
            if (input.Catalog is not null && links.Count > 0)
            {
                var known = input.Catalog.Provisions.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
                links = [.. r.Provisions.Where(known.Contains).Select(p => (JsonNode)new JsonObject { ["href"] = "#" + U("provision", p), ["rel"] = "reference" })];
                if (links.Count > 0)
                {
                    item["links"] = new JsonArray([.. links]);
                }
            }

            var relatedFindings = r.Questions.Distinct(StringComparer.Ordinal).Select(q => (JsonNode)new JsonObject { ["finding-uuid"] = U("finding", q) }).ToList();
            if (relatedFindings.Count > 0)
            {
                item["related-findings"] = new JsonArray([.. relatedFindings]);
            }

            if (related.Count > 0)
            {
                item["related-observations"] = new JsonArray([.. related]);
            }

            item["related-risks"] = new JsonArray { new JsonObject { ["risk-uuid"] = U("risk", r.Id.ToString()) } };
            items.Add(item);
        }

        var metadata = new JsonObject
        {
            ["title"] = fr ? $"Plan d'action national — {code} — {input.TitleFr}" : $"National plan of action — {code} — {input.TitleEn}",
            ["last-modified"] = Date(input.LastModified),
            ["version"] = $"{input.Edition}.{input.Revision}",
            ["oscal-version"] = OscalCatalogExporter.OscalVersion,
            ["props"] = new JsonArray
            {
                Prop("engagement", code), Prop("roadmap-state", input.State.ToString().ToLowerInvariant()), Prop("classification", input.Classification), Prop("language", fr ? "fr" : "en"),
            },
            ["roles"] = roles,
            ["parties"] = parties,
        };
        if (input.Adopted is { } adoptedOn)
        {
            ((JsonArray)metadata["props"]!).Add(Prop("adopted", adoptedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        if (responsible.Count > 0)
        {
            metadata["responsible-parties"] = responsible;
        }

        var root = new JsonObject
        {
            ["uuid"] = "",
            ["metadata"] = metadata,
            ["system-id"] = new JsonObject { ["identifier-type"] = EngagementIdentifierType, ["id"] = code },
        };
        if (observations.Count > 0)
        {
            root["observations"] = observations;
        }

        if (riskArray.Count > 0)
        {
            root["risks"] = riskArray;
        }

        if (findings.Count > 0)
        {
            root["findings"] = findings;
        }

        root["poam-items"] = items;
        var resources = ProvisionResources(code, input.Catalog, input.Recommendations.SelectMany(r => r.Provisions), language);
        if (resources.Count > 0)
        {
            root["back-matter"] = new JsonObject { ["resources"] = resources };
        }

        var document = new JsonObject { ["plan-of-action-and-milestones"] = root };
        return Finish(document, root, code, "poam");
    }
}
