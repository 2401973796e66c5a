using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rempart.Core.Catalog;
using Rempart.Core.Engagements;

namespace Rempart.Core.Scoring;

/// <summary>What a coordinator decided about scoring: a question's target level or its priority band, with a reason.</summary>
public enum ScoringDecisionKind
{
    Target = 0,
    Priority = 1,
}

/// <summary>
/// One scoring decision, appended and never changed: the latest per question and kind applies, the earlier ones
/// are its history. A priority decision with value -1 removes the override.
/// </summary>
public sealed class ScoringDecision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public string QuestionId { get; set; } = "";

    public ScoringDecisionKind Kind { get; set; }

    public int Value { get; set; }

    public string Reason { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public Guid By { get; set; }
}

/// <summary>
/// The scores of one assessment cycle, frozen when a follow-up assessment starts, so the next cycle can be compared
/// with it item by item even after the catalog version changes.
/// </summary>
public sealed class AssessmentSnapshot
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    /// <summary>1 for the baseline, then 2, 3...</summary>
    public int Cycle { get; set; }

    public string Label { get; set; } = "";

    public string CatalogKey { get; set; } = "";

    public DateTimeOffset TakenAt { get; set; }

    public Guid TakenBy { get; set; }

    /// <summary>The per-question items (<see cref="SnapshotItem"/>) as JSON.</summary>
    public string Content { get; set; } = "[]";
}

/// <summary>A question as it stood when a cycle was frozen.</summary>
public sealed record SnapshotItem(string Question, int? Level, bool NotApplicable, int Target, int Weight, string Framework, string Theme);

/// <summary>How one question moved from a frozen cycle to now, and why.</summary>
public sealed record CycleChange(
    string QuestionId, LocalizedText? Text, int? Before, int? After, int? TargetBefore, int? TargetAfter, int? GapBefore, int? GapAfter, string Movement,
    IReadOnlyList<string> Reasons);

/// <summary>A framework's score then and now.</summary>
public sealed record AreaMovement(string Id, LocalizedText Name, double? Before, double? After);

public sealed record CycleComparison(
    int Cycle, string Label, string FromCatalog, string ToCatalog, DateTimeOffset TakenAt, IReadOnlyList<CycleChange> Items, IReadOnlyList<AreaMovement> Frameworks)
{
    public int Count(string movement) => Items.Count(i => i.Movement == movement);
}

/// <summary>Compares a frozen cycle with the current scores, telling a catalog change from an answer change.</summary>
public static class Cycles
{
    public static IReadOnlyList<SnapshotItem> Freeze(ScoreCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return [.. card.Questions.Select(q => new SnapshotItem(q.Question.Id, q.Level, q.NotApplicable, q.Target, q.Question.Weight, q.Question.Framework, q.Question.Theme))];
    }

    public static CycleComparison Compare(
        AssessmentSnapshot snapshot, IReadOnlyList<SnapshotItem> before, CatalogDefinition? beforeCatalog, ScoreCard now, CatalogDefinition nowCatalog)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(nowCatalog);
        var catalogChanges = beforeCatalog is null || beforeCatalog.Key == nowCatalog.Key
            ? new Dictionary<string, CatalogChange>(StringComparer.Ordinal)
            : CatalogAnalysis.Diff(beforeCatalog, nowCatalog).Changes.Where(c => c.Kind == "question").ToDictionary(c => c.Id, StringComparer.Ordinal);
        var then = before.ToDictionary(b => b.Question, StringComparer.Ordinal);
        var current = now.Questions.ToDictionary(q => q.Question.Id, StringComparer.Ordinal);
        var items = new List<CycleChange>();
        foreach (var id in then.Keys.Union(current.Keys).Order(StringComparer.Ordinal))
        {
            var b = then.GetValueOrDefault(id);
            var a = current.GetValueOrDefault(id);
            var reasons = new List<string>();
            if (catalogChanges.TryGetValue(id, out var change))
            {
                reasons.Add(change.Change == "changed" ? $"catalog:{string.Join('+', change.Fields)}" : $"catalog:{change.Change}");
            }

            int? levelBefore = b is { NotApplicable: false } ? b.Level : null;
            var levelAfter = a?.Level;
            if (b is not null && a is not null && (levelBefore != levelAfter || b.NotApplicable != a.NotApplicable))
            {
                reasons.Add("answer");
            }

            if (b is not null && a is not null && b.Target != a.Target)
            {
                reasons.Add("target");
            }

            var movement = b is null ? "new-question" : a is null ? "removed-question"
                : levelBefore is null && levelAfter is not null ? "newly-answered"
                : levelBefore is not null && levelAfter is null ? "no-longer-answered"
                : levelAfter > levelBefore ? "improved" : levelAfter < levelBefore ? "declined" : "unchanged";
            int? gapBefore = levelBefore is { } lb ? b!.Target - lb : null;
            items.Add(new CycleChange(id, a?.Question.Text ?? beforeCatalog?.Questions.FirstOrDefault(q => q.Id == id)?.Text, levelBefore, levelAfter, b?.Target, a?.Target,
                gapBefore, a?.Gap, movement, reasons));
        }

        var frameworks = nowCatalog.Frameworks.Select(f =>
        {
            var beforeItems = before.Where(x => x.Framework == f.Id && !x.NotApplicable && x.Level is not null).ToList();
            double? scoreBefore = beforeItems.Count == 0 ? null : Math.Round(beforeItems.Sum(x => x.Weight * x.Level!.Value) / (double)beforeItems.Sum(x => x.Weight), 2);
            return new AreaMovement(f.Id, f.Name, scoreBefore, now.AreasOf("framework").FirstOrDefault(x => x.Id == f.Id)?.Score);
        }).ToList();
        return new CycleComparison(snapshot.Cycle, snapshot.Label, snapshot.CatalogKey, nowCatalog.Key, snapshot.TakenAt, items, frameworks);
    }
}

internal sealed class ScoringDecisionConfiguration : IEntityTypeConfiguration<ScoringDecision>
{
    public void Configure(EntityTypeBuilder<ScoringDecision> builder)
    {
        builder.ToTable("ScoringDecisions");
        builder.HasKey(d => d.Id);
        builder.HasIndex(d => new { d.EngagementId, d.QuestionId, d.Kind });
        builder.Property(d => d.QuestionId).HasMaxLength(60).IsRequired();
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Reason).HasMaxLength(2000).IsRequired();
        builder.HasOne<Engagement>().WithMany().HasForeignKey(d => d.EngagementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssessmentSnapshotConfiguration : IEntityTypeConfiguration<AssessmentSnapshot>
{
    public void Configure(EntityTypeBuilder<AssessmentSnapshot> builder)
    {
        builder.ToTable("AssessmentSnapshots");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.EngagementId, s.Cycle }).IsUnique();
        builder.Property(s => s.Label).HasMaxLength(200).IsRequired();
        builder.Property(s => s.CatalogKey).HasMaxLength(120).IsRequired();
        builder.Property(s => s.Content).IsRequired();
        builder.HasOne<Engagement>().WithMany().HasForeignKey(s => s.EngagementId).OnDelete(DeleteBehavior.Cascade);
    }
}
