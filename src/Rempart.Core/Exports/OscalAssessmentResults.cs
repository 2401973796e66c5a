using System.Globalization;
using System.Text.Json.Nodes;
using Rempart.Core.Catalog;
using Rempart.Core.Engagements;
using Rempart.Core.Scoring;
using static Rempart.Core.Exports.OscalSupport;

namespace Rempart.Core.Exports;

/// <summary>The national answer to one question: what the coordinator decided, why, and when.</summary>
public sealed record ExportNationalAnswer(string QuestionId, int? Level, bool NotApplicable, string Rationale, IReadOnlyList<Guid> Findings, DateTimeOffset DecidedAt, bool Examined);

/// <summary>Everything the assessment-results builder reads.</summary>
public sealed record AssessmentInput(
    string EngagementCode, string TitleEn, string TitleFr, DateOnly PeriodStart, CatalogDefinition Catalog, ScoreCard Card, IReadOnlyList<ExportNationalAnswer> Answers,
    IReadOnlyList<ExportEntity> Entities, IReadOnlyList<EngagementOrganisation> Organisations, IReadOnlyList<ExportFinding> Findings, DateTimeOffset LastModified);

/// <summary>
/// The assessment as OSCAL 1.2.2 assessment results (JSON): one result for the current national position, with an
/// observation per national answer, a finding per assessed question (satisfied when the level reaches the target)
/// and a risk per priority. The assessment plan is the engagement's questionnaire, described in the back-matter.
/// </summary>
public static class OscalAssessmentResults
{
    public static string Build(AssessmentInput input, string language)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = input.EngagementCode;
        string U(string kind, string id) => Uuid(code, kind, id);
        var fr = French(language);
        var (parties, entityParty, organisationParty) = Parties(code, input.Entities, input.Organisations, language);
        var roles = new JsonArray();
        var responsible = new JsonArray();
        OrganisationRoles(roles, responsible, input.Organisations, organisationParty, language);
        var findingsById = input.Findings.ToDictionary(f => f.Id);
        var scores = input.Card.Questions.ToDictionary(q => q.Question.Id, StringComparer.Ordinal);

        var decided = input.Answers.Where(a => scores.ContainsKey(a.QuestionId) && (a.Level is not null || a.NotApplicable)).OrderBy(a => a.QuestionId, StringComparer.Ordinal).ToList();
        var observations = new JsonArray();
        var findings = new JsonArray();
        foreach (var a in decided)
        {
            var score = scores[a.QuestionId];
            var level = a.NotApplicable ? Pick(language, "not applicable", "sans objet") : a.Level!.Value.ToString(CultureInfo.InvariantCulture);
            var observation = new JsonObject
            {
                ["uuid"] = U("answer", a.QuestionId),
                ["title"] = Text(score.Question.Text.Get(language), a.QuestionId),
                ["description"] = Text(
                    fr ? $"Niveau national : {level} (cible {score.Target}). {a.Rationale}" : $"National level: {level} (target {score.Target}). {a.Rationale}",
                    a.QuestionId),
                ["props"] = new JsonArray { Prop("question-id", a.QuestionId), Prop("level", a.NotApplicable ? "n/a" : level), Prop("target", score.Target.ToString(CultureInfo.InvariantCulture)) },
                ["methods"] = Strings(a.Examined ? ["INTERVIEW", "EXAMINE"] : ["INTERVIEW"]),
                ["types"] = new JsonArray { "control-objective" },
            };
            var actors = a.Findings.Where(findingsById.ContainsKey).SelectMany(f => findingsById[f].Entities).Where(entityParty.ContainsKey).Distinct()
                .Select(e => (JsonNode)new JsonObject { ["type"] = "party", ["actor-uuid"] = entityParty[e] }).ToList();
            if (actors.Count > 0)
            {
                observation["origins"] = new JsonArray { new JsonObject { ["actors"] = new JsonArray([.. actors]) } };
            }

            observation["collected"] = Date(a.DecidedAt);
            observations.Add(observation);

            if (a.NotApplicable)
            {
                continue;
            }

            var satisfied = a.Level >= score.Target;
            var finding = new JsonObject
            {
                ["uuid"] = U("assessment-finding", a.QuestionId),
                ["title"] = Text(score.Question.Text.Get(language), a.QuestionId),
                ["description"] = satisfied
                    ? Pick(language, $"Level {level} reaches the target {score.Target}.", $"Le niveau {level} atteint la cible {score.Target}.")
                    : Pick(language, $"Level {level} is below the target {score.Target} (gap {score.Gap}).", $"Le niveau {level} est en dessous de la cible {score.Target} (écart {score.Gap})."),
                ["target"] = new JsonObject
                {
                    ["type"] = "objective-id", ["target-id"] = a.QuestionId,
                    ["status"] = new JsonObject { ["state"] = satisfied ? "satisfied" : "not-satisfied" },
                },
                ["related-observations"] = new JsonArray { new JsonObject { ["observation-uuid"] = U("answer", a.QuestionId) } },
            };
            if (score.Band is not null)
            {
                finding["related-risks"] = new JsonArray { new JsonObject { ["risk-uuid"] = U("priority", a.QuestionId) } };
            }

            findings.Add(finding);
        }

        var observedQuestions = decided.Select(a => a.QuestionId).ToHashSet(StringComparer.Ordinal);
        var characterizer = input.Organisations.FirstOrDefault(o => o.Role == OrganisationRole.Lead) is { } lead ? organisationParty[lead.Code] : null;
        var risks = new JsonArray();
        foreach (var p in input.Card.Priorities.Where(p => observedQuestions.Contains(p.Question.Id) && !p.NotApplicable))
        {
            var risk = new JsonObject
            {
                ["uuid"] = U("priority", p.Question.Id),
                ["title"] = Text(p.Question.Text.Get(language), p.Question.Id),
                ["description"] = Pick(language, $"Priority need: level {p.Level}, target {p.Target}, priority index {p.PriorityIndex:0.00}.",
                    $"Besoin prioritaire : niveau {p.Level}, cible {p.Target}, indice de priorité {p.PriorityIndex:0.00}."),
                ["statement"] = Text(p.Question.Guidance.Get(language), p.Question.Id),
                ["status"] = "open",
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
                            new JsonObject { ["name"] = "priority", ["system"] = OscalCatalogExporter.Ns, ["value"] = p.Band!.Value.ToString().ToLowerInvariant() },
                            new JsonObject { ["name"] = "priority-index", ["system"] = OscalCatalogExporter.Ns, ["value"] = p.PriorityIndex.ToString("0.00", CultureInfo.InvariantCulture) },
                        },
                    },
                };
            }

            risk["related-observations"] = new JsonArray { new JsonObject { ["observation-uuid"] = U("answer", p.Question.Id) } };
            risks.Add(risk);
        }

        var planUuid = U("assessment-plan", input.Catalog.Key);
        var start = input.Answers.Count > 0 ? input.Answers.Min(a => a.DecidedAt) : new DateTimeOffset(input.PeriodStart.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var result = new JsonObject
        {
            ["uuid"] = U("result", "current"),
            ["title"] = Pick(language, $"National position — {code}", $"Position nationale — {code}"),
            ["description"] = Pick(language,
                $"The national answers decided by the coordination for {code}, scored against the targets of catalog {input.Catalog.Key}.",
                $"Les réponses nationales arrêtées par la coordination pour {code}, évaluées au regard des cibles du catalogue {input.Catalog.Key}."),
            ["start"] = Date(start <= input.LastModified ? start : input.LastModified),
            ["end"] = Date(input.LastModified),
            ["reviewed-controls"] = new JsonObject
            {
                ["control-selections"] = observedQuestions.Count > 0
                    ? new JsonArray { new JsonObject { ["include-controls"] = new JsonArray([.. observedQuestions.Order(StringComparer.Ordinal).Select(q => (JsonNode)new JsonObject { ["control-id"] = q })]) } }
                    : new JsonArray { new JsonObject { ["include-all"] = new JsonObject() } },
            },
        };
        if (observations.Count > 0)
        {
            result["observations"] = observations;
        }

        if (risks.Count > 0)
        {
            result["risks"] = risks;
        }

        if (findings.Count > 0)
        {
            result["findings"] = findings;
        }

        var resources = new JsonArray
        {
            new JsonObject
            {
                ["uuid"] = planUuid,
                ["title"] = Pick(language, $"Assessment plan: questionnaire of {code} (catalog {input.Catalog.Key})", $"Plan d'évaluation : questionnaire de {code} (catalogue {input.Catalog.Key})"),
                ["description"] = Pick(language,
                    "The questions of the pinned catalog version, assigned to the national entities and answered on the 0-4 maturity scale; national answers consolidated by the coordination.",
                    "Les questions de la version épinglée du catalogue, attribuées aux entités nationales et renseignées sur l'échelle de maturité 0-4 ; réponses nationales consolidées par la coordination."),
                ["props"] = new JsonArray { Prop("catalog-key", input.Catalog.Key), Prop("catalog-version", input.Catalog.Version) },
            },
        };
        foreach (var r in ProvisionResources(code, input.Catalog, input.Card.Priorities.SelectMany(p => p.Question.Provisions), language))
        {
            resources.Add(r!.DeepClone());
        }

        var metadata = new JsonObject
        {
            ["title"] = fr ? $"Résultats de l'évaluation — {code} — {input.TitleFr}" : $"Assessment results — {code} — {input.TitleEn}",
            ["last-modified"] = Date(input.LastModified),
            ["version"] = input.LastModified.ToUniversalTime().ToString("yyyy.MM.dd.HHmmss", CultureInfo.InvariantCulture),
            ["oscal-version"] = OscalCatalogExporter.OscalVersion,
            ["props"] = new JsonArray { Prop("engagement", code), Prop("language", fr ? "fr" : "en") },
            ["parties"] = parties,
        };
        if (roles.Count > 0)
        {
            metadata["roles"] = roles;
            metadata["responsible-parties"] = responsible;
        }

        var root = new JsonObject
        {
            ["uuid"] = "",
            ["metadata"] = metadata,
            ["import-ap"] = new JsonObject { ["href"] = "#" + planUuid },
            ["results"] = new JsonArray { result },
            ["back-matter"] = new JsonObject { ["resources"] = resources },
        };
        var document = new JsonObject { ["assessment-results"] = root };
        return Finish(document, root, code, "assessment-results");
    }
}
