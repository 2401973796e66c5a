using System.Text.Json.Serialization;

namespace Rempart.Core.Engagements;

/// <summary>Where an engagement stands in the programme's cycle, in order.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EngagementStage>))]
public enum EngagementStage
{
    Scoping = 0,
    Consultations = 1,
    Analysis = 2,
    RoadmapDrafting = 3,
    NationalValidation = 4,
    Implementation = 5,
    Review = 6,
    Closed = 7,
}

/// <summary>One recorded change of stage: who, when, from where to where, and why when rules were overridden.</summary>
public sealed class StageTransition
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public EngagementStage From { get; set; }

    public EngagementStage To { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid ByUserId { get; set; }

    /// <summary>Required when going back or when moving on despite missing work.</summary>
    public string? Reason { get; set; }

    /// <summary>What was still missing when the move was forced (codes of <see cref="StageRequirement"/>).</summary>
    public string? OverriddenRequirements { get; set; }
}

/// <summary>A piece of work a stage needs before the engagement moves past it; <see cref="Code"/> is a message key.</summary>
public sealed record StageRequirement(string Code, bool Met, int Count = 0, IReadOnlyList<string>? Which = null)
{
    /// <summary>What is required, in the reader's language, with what is still missing named ("... : ANACIM, MINT").</summary>
    public string Describe(System.Globalization.CultureInfo culture)
    {
        var text = Data.CoreMessages.Format(Code, culture);
        return Met || Which is not { Count: > 0 } names ? text : Data.CoreMessages.Format("Stage.Req.Which", culture, text, string.Join(", ", names));
    }
}

/// <summary>The role an organisation plays in an engagement.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrganisationRole>))]
public enum OrganisationRole
{
    Lead = 0,
    Partner = 1,
    Support = 2,
    Donor = 3,
}

/// <summary>An international organisation, office or donor taking part in an engagement (CTED leads, France funds...).</summary>
public sealed class EngagementOrganisation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid EngagementId { get; set; }

    public OrganisationRole Role { get; set; }

    /// <summary>The catalog's partner id when it is one (cted, unoct...), else a short code of our own.</summary>
    public string Code { get; set; } = "";

    public string NameEn { get; set; } = "";

    public string NameFr { get; set; } = "";

    /// <summary>The organisation's IATI identifier (e.g. <c>XM-DAC-41XXX</c>), used when reporting activities to IATI.</summary>
    public string? IatiRef { get; set; }
}
