using System.Text.Json.Serialization;

namespace Rempart.Core.Engagements;

/// <summary>What a finding says about the country.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingKind>))]
public enum FindingKind
{
    Gap = 0,
    Strength = 1,
    GoodPractice = 2,
    Challenge = 3,
    /// <summary>A priority voiced by the country itself (it raises the item's priority).</summary>
    Priority = 4,
}

[JsonConverter(typeof(JsonStringEnumConverter<Confidence>))]
public enum Confidence
{
    Low = 0,
    Medium = 1,
    High = 2,
}

/// <summary>Whether a finding still stands, or was merged, split or withdrawn (history kept either way).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingStatus>))]
public enum FindingStatus
{
    Active = 0,
    Merged = 1,
    Split = 2,
    Withdrawn = 3,
}

/// <summary>
/// Something a rapporteur noted during a consultation, linked to the questions, provisions, entities and sectors it
/// bears on. Every change is a numbered revision with who and when; merged and split findings stay readable.
/// </summary>
public sealed class Finding
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    /// <summary>Sequence number in the engagement, shown as F-001.</summary>
    public int Number { get; set; }

    public Guid? SessionId { get; set; }

    public FindingKind Kind { get; set; }

    public string TextEn { get; set; } = "";

    public string TextFr { get; set; } = "";

    public List<string> Questions { get; set; } = [];

    public List<string> Provisions { get; set; } = [];

    public List<Guid> Entities { get; set; } = [];

    public List<string> Sectors { get; set; } = [];

    public Confidence Confidence { get; set; } = Confidence.Medium;

    /// <summary>The finding's TLP label (by default the engagement's): readers below it do not see the finding.</summary>
    public string Classification { get; set; } = Access.Tlp.Amber;

    public FindingStatus Status { get; set; }

    /// <summary>The findings that replaced this one after a merge or a split.</summary>
    public List<Guid> ReplacedBy { get; set; } = [];

    public int Revision { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }

    public Guid CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid UpdatedBy { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string Reference => $"F-{Number:000}";
}

/// <summary>One revision of a finding: what it said after the change, and what the change was.</summary>
public sealed class FindingRevision
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FindingId { get; set; }

    public int Revision { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid By { get; set; }

    /// <summary>created, edited, merged, split, withdrawn.</summary>
    public string Change { get; set; } = "";

    /// <summary>The finding's fields after the change, as JSON.</summary>
    public string Snapshot { get; set; } = "";
}
