using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Questionnaires;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rempart.Core.Data;

/// <summary>
/// Loads a demo engagement's questionnaires (<c>demo/answers-*.yaml</c>): assignments with their state, the
/// entities' answers with a first revision, and the coordinator's consolidated answers. Checked against the
/// engagement's catalog version: an unknown question or entity stops the load.
/// </summary>
internal static class DemoQuestionnaires
{
    public static async Task LoadAsync(AppDbContext db, Catalog.CatalogService catalogs, string path, IReadOnlyDictionary<string, RempartUser> byEmail, CancellationToken cancellationToken)
    {
        File file;
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
            file = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build().Deserialize<File>(reader) ?? new File();
        }
        catch (YamlException e)
        {
            throw new DomainRuleException("Demo.FileInvalid", path, e.Start.Line, e.Start.Column, (e.InnerException ?? e).Message);
        }

        Exception Invalid(string what) => new DomainRuleException("Demo.FileInvalid", path, 0, 0, what);
        var engagement = await db.Engagements.SingleOrDefaultAsync(e => e.Code == file.Engagement, cancellationToken) ?? throw Invalid($"no engagement {file.Engagement}");
        var catalogKey = await catalogs.PinnedKeyAsync(engagement.Id, cancellationToken) ?? throw Invalid($"engagement {file.Engagement} has no catalog version");
        var questions = (await catalogs.GetAsync(catalogKey, cancellationToken)).Questions.Select(q => q.Id).ToList();
        var entities = await db.NationalEntities.Where(e => e.EngagementId == engagement.Id).ToDictionaryAsync(e => e.Acronym, e => e.Id, cancellationToken);
        var findings = await db.Findings.Where(f => f.EngagementId == engagement.Id).ToDictionaryAsync(f => $"F-{f.Number:000}", f => f.Id, cancellationToken);
        RempartUser User(string email) => byEmail.GetValueOrDefault(email) ?? throw Invalid($"no demo user {email}");
        engagement.ConsolidationRule = file.Rule;
        var coordinator = byEmail.Values.FirstOrDefault(u => u.Email!.StartsWith("coordinator@", StringComparison.Ordinal)) ?? byEmail.Values.First();
        var latestDue = DateOnly.MinValue;
        foreach (var a in file.Assignments)
        {
            var entityId = entities.GetValueOrDefault(a.Entity);
            if (entityId == Guid.Empty)
            {
                throw Invalid($"assignment: no entity {a.Entity} in {file.Engagement}");
            }

            if (a.Questions.FirstOrDefault(q => !questions.Contains(q)) is { } unknown)
            {
                throw Invalid($"assignment {a.Entity}: no question {unknown} in {catalogKey}");
            }

            var answeredBy = User(a.AnsweredBy);
            var answeredAt = new DateTimeOffset(a.Due.AddDays(-7).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
            latestDue = a.Due > latestDue ? a.Due : latestDue;
            var reviewed = a.State is AssignmentState.Returned or AssignmentState.Accepted;
            db.Assignments.Add(new Assignment
            {
                EngagementId = engagement.Id, EntityId = entityId, Questions = [.. questions.Where(a.Questions.Contains)], DueOn = a.Due, State = a.State,
                ReviewComment = a.ReviewComment, AssignedAt = answeredAt.AddDays(-30), AssignedBy = coordinator.Id,
                SubmittedAt = a.State is AssignmentState.Submitted or AssignmentState.Accepted or AssignmentState.Returned ? answeredAt.AddDays(2) : null,
                SubmittedBy = a.State is AssignmentState.NotStarted or AssignmentState.InProgress ? null : answeredBy.Id,
                ReviewedAt = reviewed ? answeredAt.AddDays(5) : null, ReviewedBy = reviewed ? coordinator.Id : null,
            });
            foreach (var x in a.Answers)
            {
                if (!a.Questions.Contains(x.Question))
                {
                    throw Invalid($"assignment {a.Entity}: answer to {x.Question}, which is not assigned to it");
                }

                var notApplicable = x.Na is not null;
                if (QuestionnaireService.Check(x.Level, notApplicable, x.Na, x.Comment, x.Question) is { } problem)
                {
                    throw Invalid($"assignment {a.Entity}: {CoreMessages.Format(problem.Code, System.Globalization.CultureInfo.InvariantCulture, problem.Arguments)}");
                }

                var answer = new Answer
                {
                    EngagementId = engagement.Id, EntityId = entityId, QuestionId = x.Question, Level = x.Level, NotApplicable = notApplicable, NotApplicableReason = x.Na,
                    Comment = x.Comment, EvidenceReference = x.Evidence, Revision = 1, UpdatedAt = answeredAt, UpdatedBy = answeredBy.Id, Channel = AnswerChannel.Web,
                };
                db.Answers.Add(answer);
                db.AnswerRevisions.Add(new AnswerRevision
                {
                    AnswerId = answer.Id, Revision = 1, At = answeredAt, By = answeredBy.Id, Channel = AnswerChannel.Web, Level = x.Level, NotApplicable = notApplicable,
                    NotApplicableReason = x.Na, Comment = x.Comment, EvidenceReference = x.Evidence,
                });
            }
        }

        var decidedAt = new DateTimeOffset(latestDue.AddDays(14).ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
        foreach (var c in file.Consolidated)
        {
            if (!questions.Contains(c.Question))
            {
                throw Invalid($"consolidated: no question {c.Question} in {catalogKey}");
            }

            var attached = c.Findings.Select(f => findings.TryGetValue(f, out var id) ? id : throw Invalid($"consolidated {c.Question}: no finding {f}")).ToList();
            var record = new ConsolidatedAnswer
            {
                EngagementId = engagement.Id, QuestionId = c.Question, Level = c.Level, NotApplicable = c.Level is null, Rationale = c.Rationale, Rule = file.Rule,
                Findings = attached, Revision = 1, UpdatedAt = decidedAt, UpdatedBy = coordinator.Id,
            };
            db.ConsolidatedAnswers.Add(record);
            db.ConsolidationRevisions.Add(new ConsolidationRevision
            {
                ConsolidatedAnswerId = record.Id, Revision = 1, At = decidedAt, By = coordinator.Id, Level = record.Level, NotApplicable = record.NotApplicable,
                Rationale = record.Rationale, Rule = file.Rule, Findings = [.. attached],
            });
        }
    }

    private sealed class File
    {
        public string Engagement { get; set; } = "";

        public ConsolidationRule Rule { get; set; }

        public List<DemoAssignment> Assignments { get; set; } = [];

        public List<DemoConsolidated> Consolidated { get; set; } = [];
    }

    private sealed class DemoAssignment
    {
        public string Entity { get; set; } = "";

        public DateOnly Due { get; set; }

        public AssignmentState State { get; set; }

        public string? ReviewComment { get; set; }

        public string AnsweredBy { get; set; } = "";

        public List<string> Questions { get; set; } = [];

        public List<DemoAnswer> Answers { get; set; } = [];
    }

    private sealed class DemoAnswer
    {
        public string Question { get; set; } = "";

        public int? Level { get; set; }

        public string? Na { get; set; }

        public string? Comment { get; set; }

        public string? Evidence { get; set; }
    }

    private sealed class DemoConsolidated
    {
        public string Question { get; set; } = "";

        public int? Level { get; set; }

        public string Rationale { get; set; } = "";

        public List<string> Findings { get; set; } = [];
    }
}
