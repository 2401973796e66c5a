using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Engagements;

namespace Rempart.Core.Questionnaires;

/// <summary>One entity's answer beside the others, with whether it counts toward the suggestion.</summary>
public sealed record EntityAnswerView(Guid EntityId, string Entity, string EntityNameEn, string EntityNameFr, AssignmentState State, bool Counted, bool Relevant, AnswerView Answer)
{
    public string EntityNameIn(string language) => language.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? EntityNameFr : EntityNameEn;
}

/// <summary>The national answer as decided.</summary>
public sealed record ConsolidatedView(
    int? Level, bool NotApplicable, string Rationale, int? SuggestedLevel, ConsolidationRule Rule, int Spread, IReadOnlyList<string> Findings, int Revision,
    DateTimeOffset UpdatedAt, string UpdatedBy, Guid ConcurrencyStamp);

/// <summary>One question in the consolidation table.</summary>
public sealed record ConsolidationRow(
    Question Question, int Assigned, int Answered, Suggestion Suggestion, ConsolidatedView? Decision, bool AnswersChangedSince);

/// <summary>One question with every entity's answer side by side.</summary>
public sealed record ConsolidationDetail(
    Question Question, ConsolidationRule Rule, IReadOnlyList<EntityAnswerView> Answers, Suggestion Suggestion, ConsolidatedView? Decision,
    IReadOnlyList<FindingView> RelatedFindings, IReadOnlyList<ConsolidationRevision> History, bool AnswersChangedSince);

/// <summary>The coordinator's decision: a level or N/A, a rationale, findings attached as evidence.</summary>
public sealed record ConsolidationInput(int? Level, bool NotApplicable, string? Rationale, IReadOnlyList<string>? Findings, Guid? ExpectedStamp);

/// <summary>
/// Builds the national position: per question, the entities' answers side by side, a suggested level by the
/// engagement's rule, the spread between entities, and the coordinator's decision with its history. Answers count
/// once their questionnaire is submitted or accepted; drafts are shown but not counted.
/// </summary>
public sealed class ConsolidationService(AppDbContext db, EngagementAccess access, QuestionnaireService questionnaires, FindingService findings, TimeProvider time)
{
    public async Task<(ConsolidationRule Rule, IReadOnlyList<ConsolidationRow> Rows)> ListAsync(Viewer viewer, string engagement, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadAnswers);
        var (rule, catalog, assignments, entities, answers) = await LoadAsync(context, cancellationToken);
        var decisions = await DecisionsAsync(context.Id, null, cancellationToken);
        var rows = new List<ConsolidationRow>();
        foreach (var question in catalog.Questions)
        {
            var assigned = assignments.Where(a => a.Questions.Contains(question.Id)).ToList();
            if (assigned.Count == 0 && !decisions.ContainsKey(question.Id))
            {
                continue;
            }

            var counted = Counted(question, assigned, entities, answers);
            var decision = decisions.GetValueOrDefault(question.Id);
            rows.Add(new ConsolidationRow(question, assigned.Count, assigned.Count(a => answers.TryGetValue(Key(a.EntityId, question.Id), out var x) && x.IsAnswered),
                Consolidation.Suggest(rule, counted), decision, decision is not null && ChangedSince(assigned, question.Id, answers, decision.UpdatedAt)));
        }

        return (rule, rows);
    }

    public async Task<ConsolidationDetail> GetAsync(Viewer viewer, string engagement, string questionId, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.ReadAnswers);
        var (rule, catalog, assignments, entities, answers) = await LoadAsync(context, cancellationToken);
        var question = catalog.Questions.FirstOrDefault(q => q.Id == questionId) ?? throw new NotFoundException("Question.NotFound", questionId);
        var assigned = assignments.Where(a => a.Questions.Contains(question.Id)).ToList();
        var side = assigned
            .Select(a =>
            {
                var e = entities[a.EntityId];
                var answer = answers.GetValueOrDefault(Key(a.EntityId, question.Id)) ?? AnswerView.Empty(question.Id);
                return new EntityAnswerView(e.Id, e.Acronym, e.NameEn, e.NameFr, a.State, Counts(a), QuestionnaireService.IsRelevant(question, e), answer);
            })
            .OrderBy(x => x.Entity, StringComparer.Ordinal)
            .ToList();
        var decision = (await DecisionsAsync(context.Id, question.Id, cancellationToken)).GetValueOrDefault(question.Id);
        var history = await db.ConsolidatedAnswers.AsNoTracking().Where(c => c.EngagementId == context.Id && c.QuestionId == question.Id)
            .Join(db.ConsolidationRevisions, c => c.Id, r => r.ConsolidatedAnswerId, (c, r) => r).ToListAsync(cancellationToken);
        var related = (await findings.ListAsync(viewer, engagement, cancellationToken: cancellationToken))
            .Where(f => f.Questions.Contains(question.Id) || (decision?.Findings.Contains(f.Reference) ?? false)).ToList();
        return new ConsolidationDetail(question, rule, side, Consolidation.Suggest(rule, Counted(question, assigned, entities, answers)), decision, related,
            [.. history.OrderBy(r => r.Revision)], decision is not null && ChangedSince(assigned, question.Id, answers, decision.UpdatedAt));
    }

    /// <summary>Records the national answer to a question; a decision changed by someone else since it was read is refused.</summary>
    public async Task<ConsolidatedView> DecideAsync(Viewer viewer, string engagement, string questionId, ConsolidationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var detail = await GetAsync(viewer, engagement, questionId, cancellationToken);
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.Consolidate);
        if (input.Level is < 0 or > 4)
        {
            throw new DomainRuleException("Answer.LevelRange", questionId, input.Level.Value);
        }

        if (input.NotApplicable == (input.Level is not null))
        {
            throw new DomainRuleException("Consolidation.LevelOrNa", questionId);
        }

        if (string.IsNullOrWhiteSpace(input.Rationale))
        {
            throw new DomainRuleException("Consolidation.Rationale", questionId);
        }

        var attached = await FindingIdsAsync(context.Id, input.Findings ?? [], cancellationToken);
        var record = await db.ConsolidatedAnswers.SingleOrDefaultAsync(c => c.EngagementId == context.Id && c.QuestionId == questionId, cancellationToken);
        if ((record is not null && record.ConcurrencyStamp != input.ExpectedStamp) || (record is null && input.ExpectedStamp is { } stamp && stamp != Guid.Empty))
        {
            throw new ConflictException("Consolidation.Concurrency", questionId);
        }

        var now = time.GetUtcNow();
        if (record is null)
        {
            record = new ConsolidatedAnswer { EngagementId = context.Id, QuestionId = questionId, Revision = 0 };
            db.ConsolidatedAnswers.Add(record);
        }

        record.Level = input.NotApplicable ? null : input.Level;
        record.NotApplicable = input.NotApplicable;
        record.Rationale = QuestionnaireService.Norm(input.Rationale)!;
        record.SuggestedLevel = detail.Suggestion.Level;
        record.Rule = detail.Rule;
        record.Spread = detail.Suggestion.Spread;
        record.Findings = attached;
        record.Revision++;
        record.UpdatedAt = now;
        record.UpdatedBy = viewer.UserId;
        db.ConsolidationRevisions.Add(new ConsolidationRevision
        {
            ConsolidatedAnswerId = record.Id, Revision = record.Revision, At = now, By = viewer.UserId, Level = record.Level, NotApplicable = record.NotApplicable,
            Rationale = record.Rationale, SuggestedLevel = record.SuggestedLevel, Rule = record.Rule, Spread = record.Spread, Findings = [.. attached],
        });
        await db.SaveChangesAsync(cancellationToken);
        return (await DecisionsAsync(context.Id, questionId, cancellationToken))[questionId];
    }

    /// <summary>Changes the rule that suggests national levels (decisions already taken keep the rule they were taken under).</summary>
    public async Task SetRuleAsync(Viewer viewer, string engagement, ConsolidationRule rule, CancellationToken cancellationToken = default)
    {
        var context = await access.OpenAsync(viewer, engagement, cancellationToken);
        context.Demand(EngagementAction.Consolidate);
        if (!Enum.IsDefined(rule))
        {
            throw new DomainRuleException("Consolidation.UnknownRule", rule.ToString());
        }

        await db.Engagements.Where(e => e.Id == context.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ConsolidationRule, rule), cancellationToken);
    }

    private async Task<List<Guid>> FindingIdsAsync(Guid engagementId, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var all = await db.Findings.AsNoTracking().Where(f => f.EngagementId == engagementId).Select(f => new { f.Id, f.Number }).ToListAsync(cancellationToken);
        var ids = new List<Guid>();
        foreach (var reference in references.Select(r => r.Trim()).Where(r => r.Length > 0))
        {
            var match = Guid.TryParse(reference, out var id) ? all.FirstOrDefault(f => f.Id == id)
                : reference.ToUpperInvariant() is var upper && upper.StartsWith("F-", StringComparison.Ordinal) && int.TryParse(upper[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? all.FirstOrDefault(f => f.Number == n) : null;
            if (match is null)
            {
                throw new DomainRuleException("Answer.UnknownFinding", reference);
            }

            if (!ids.Contains(match.Id))
            {
                ids.Add(match.Id);
            }
        }

        return ids;
    }

    private static string Key(Guid entityId, string questionId) => $"{entityId:N}/{questionId}";

    private static bool Counts(Assignment a) => a.State is AssignmentState.Submitted or AssignmentState.Accepted;

    private static List<CountedAnswer> Counted(Question question, IReadOnlyList<Assignment> assigned, Dictionary<Guid, NationalEntity> entities, IReadOnlyDictionary<string, AnswerView> answers) =>
    [
        .. assigned.Where(Counts)
            .Select(a => (a, answer: answers.GetValueOrDefault(Key(a.EntityId, question.Id))))
            .Where(x => x.answer is { IsAnswered: true })
            .OrderBy(x => x.a.EntityId)
            .Select(x => new CountedAnswer(x.answer!.Level, x.answer.NotApplicable, QuestionnaireService.IsRelevant(question, entities[x.a.EntityId]) ? Consolidation.RelevantWeight : 1)),
    ];

    private static bool ChangedSince(IReadOnlyList<Assignment> assigned, string questionId, IReadOnlyDictionary<string, AnswerView> answers, DateTimeOffset decidedAt) =>
        assigned.Any(a => answers.GetValueOrDefault(Key(a.EntityId, questionId)) is { UpdatedAt: { } at } && at > decidedAt);

    private async Task<(ConsolidationRule, CatalogDefinition, List<Assignment>, Dictionary<Guid, NationalEntity>, Dictionary<string, AnswerView>)> LoadAsync(
        EngagementContext context, CancellationToken cancellationToken)
    {
        var rule = await db.Engagements.Where(e => e.Id == context.Id).Select(e => e.ConsolidationRule).SingleAsync(cancellationToken);
        var catalog = await questionnaires.CatalogOfAsync(context, cancellationToken);
        var assignments = await db.Assignments.AsNoTracking().Where(a => a.EngagementId == context.Id).ToListAsync(cancellationToken);
        var entities = await db.NationalEntities.AsNoTracking().Where(e => e.EngagementId == context.Id).ToDictionaryAsync(e => e.Id, cancellationToken);
        var answers = await questionnaires.AnswerViewsAsync(context.Id, null, cancellationToken);
        return (rule, catalog, assignments, entities, answers);
    }

    private async Task<Dictionary<string, ConsolidatedView>> DecisionsAsync(Guid engagementId, string? questionId, CancellationToken cancellationToken)
    {
        var query = db.ConsolidatedAnswers.AsNoTracking().Where(c => c.EngagementId == engagementId);
        if (questionId is not null)
        {
            query = query.Where(c => c.QuestionId == questionId);
        }

        var records = await query.ToListAsync(cancellationToken);
        var numbers = await db.Findings.AsNoTracking().Where(f => f.EngagementId == engagementId).ToDictionaryAsync(f => f.Id, f => f.Reference, cancellationToken);
        var names = await questionnaires.NamesAsync(records.Select(r => r.UpdatedBy), cancellationToken);
        return records.ToDictionary(r => r.QuestionId, r => new ConsolidatedView(r.Level, r.NotApplicable, r.Rationale, r.SuggestedLevel, r.Rule, r.Spread,
            [.. r.Findings.Select(f => numbers.GetValueOrDefault(f, "?"))], r.Revision, r.UpdatedAt, names.GetValueOrDefault(r.UpdatedBy, "?"), r.ConcurrencyStamp), StringComparer.Ordinal);
    }
}
