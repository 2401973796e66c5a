namespace Rempart.Core.Access;

/// <summary>What a member may do inside an engagement they belong to.</summary>
public enum EngagementAction
{
    /// <summary>Read the engagement and its non-personal records.</summary>
    Read,

    /// <summary>Edit the engagement's set-up: profile, organisations, entities, participants.</summary>
    ManageSetup,

    /// <summary>See participants' e-mail addresses and phone numbers (personal data).</summary>
    ViewContacts,

    /// <summary>
    /// See who takes part: participants' and members' names, positions and entities, attendance lists (personal data
    /// about national officials, never shown to a donor).
    /// </summary>
    ReadParticipants,

    /// <summary>Move the engagement from one stage to another.</summary>
    ChangeStage,

    /// <summary>Record, edit, merge and split consultation findings (the rapporteur's work).</summary>
    CaptureFindings,

    /// <summary>Answer the questions assigned to the member's own entity, on the web or by workbook, and submit them.</summary>
    AnswerOwnEntity,

    /// <summary>Read every entity's answers and evidence (not only one's own).</summary>
    ReadAnswers,

    /// <summary>Assign questions, answer for any entity (e.g. during a workshop), return or accept questionnaires.</summary>
    ManageQuestionnaires,

    /// <summary>Decide the national answer from the entities' answers.</summary>
    Consolidate,

    /// <summary>Generate and edit the roadmap, submit it, record its adoption.</summary>
    EditRoadmap,

    /// <summary>Validate the roadmap on the country's behalf.</summary>
    ValidateRoadmap,

    /// <summary>Follow the adopted plan: status, progress, indicators, milestones and every activity up to the member's TLP ceiling.</summary>
    ReadMonitoring,

    /// <summary>Report progress, indicator values and milestones (a respondent only for what its entity leads).</summary>
    ReportProgress,

    /// <summary>Record technical-assistance activities, their participants and their funding.</summary>
    ManageAssistance,

    /// <summary>Export the plan and the assessment in standard formats (OSCAL) and every list.</summary>
    ExportPlan,

    /// <summary>Read the inventory of sites and their risk, up to the member's site clearance.</summary>
    ReadSites,

    /// <summary>Enter, import, edit and assess sites; grant site clearances.</summary>
    ManageSites,

    /// <summary>Read the engagement's audit trail (who changed, exported or imported what, before and after) and export it.</summary>
    ReadAudit,
}

/// <summary>
/// The role x action table for engagement members. Membership decides where; this table decides what. A programme
/// administrator may do everything everywhere. The full matrix grows here with each feature.
/// </summary>
public static class EngagementPermissions
{
    private static readonly Dictionary<string, EngagementAction[]> Table = new(StringComparer.Ordinal)
    {
        [RoleNames.ProgrammeOfficer] = [EngagementAction.Read, EngagementAction.ReadParticipants, EngagementAction.ManageSetup, EngagementAction.ViewContacts, EngagementAction.ChangeStage, EngagementAction.CaptureFindings,
            EngagementAction.ReadAnswers, EngagementAction.ManageQuestionnaires, EngagementAction.Consolidate, EngagementAction.EditRoadmap,
            EngagementAction.ReadMonitoring, EngagementAction.ReportProgress, EngagementAction.ManageAssistance, EngagementAction.ExportPlan,
            EngagementAction.ReadSites, EngagementAction.ManageSites],
        [RoleNames.NationalCoordinator] = [EngagementAction.Read, EngagementAction.ReadParticipants, EngagementAction.ManageSetup, EngagementAction.ViewContacts, EngagementAction.CaptureFindings,
            EngagementAction.ReadAnswers, EngagementAction.ManageQuestionnaires, EngagementAction.Consolidate, EngagementAction.EditRoadmap, EngagementAction.ValidateRoadmap,
            EngagementAction.ReadMonitoring, EngagementAction.ReportProgress, EngagementAction.ManageAssistance, EngagementAction.ExportPlan,
            EngagementAction.ReadSites, EngagementAction.ManageSites],
        [RoleNames.EntityRespondent] = [EngagementAction.Read, EngagementAction.ReadParticipants, EngagementAction.AnswerOwnEntity, EngagementAction.ReadMonitoring, EngagementAction.ReportProgress, EngagementAction.ReadSites],
        [RoleNames.DonorViewer] = [EngagementAction.Read],
        [RoleNames.Auditor] = [EngagementAction.Read, EngagementAction.ReadParticipants, EngagementAction.ReadAnswers, EngagementAction.ReadMonitoring, EngagementAction.ExportPlan, EngagementAction.ReadSites, EngagementAction.ReadAudit],
    };

    /// <summary>True when a member with this engagement role (null: not a member) may take the action.</summary>
    public static bool Allows(Viewer viewer, string? memberRole, EngagementAction action)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.IsProgrammeAdministrator)
        {
            return true;
        }

        return memberRole is not null && Table.TryGetValue(memberRole, out var actions) && actions.Contains(action);
    }

    public static IReadOnlyList<EngagementAction> For(string role) => Table.TryGetValue(role, out var actions) ? actions : [];
}
