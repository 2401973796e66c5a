using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Sqlite
{
    /// <summary>
    /// Identifiers stored as their 16 bytes (big-endian) instead of 36 characters of text (ADR 0013): every identifier
    /// column of every table is rewritten in place. The declared column types stay TEXT (SQLite keeps a blob as a blob
    /// there), so no table is rebuilt. Foreign keys are switched off while both ends of each reference change, then
    /// switched back on; the rewrite itself is one transaction and only touches values still stored as text, so a
    /// run interrupted before the history row is written repeats harmlessly.
    /// </summary>
    public partial class GuidsAsBytes : Migration
    {
        /// <summary>The identifier columns of each table, as the model had them when this migration was written.</summary>
        internal static readonly IReadOnlyDictionary<string, string[]> Columns = new Dictionary<string, string[]>
        {
            ["ActivityFunding"] = ["Id", "ActivityId", "DonorId"],
            ["AnswerRevisions"] = ["Id", "AnswerId", "By"],
            ["Answers"] = ["Id", "ConcurrencyStamp", "EngagementId", "EntityId", "UpdatedBy"],
            ["AspNetRoleClaims"] = ["RoleId"],
            ["AspNetRoles"] = ["Id"],
            ["AspNetUserClaims"] = ["UserId"],
            ["AspNetUserLogins"] = ["UserId"],
            ["AspNetUserRoles"] = ["UserId", "RoleId"],
            ["AspNetUserTokens"] = ["UserId"],
            ["AspNetUsers"] = ["Id"],
            ["AssessmentSnapshots"] = ["Id", "EngagementId", "TakenBy"],
            ["Assignments"] = ["Id", "AssignedBy", "ConcurrencyStamp", "EngagementId", "EntityId", "ReviewedBy", "SubmittedBy"],
            ["AssistanceActivities"] = ["Id", "ConcurrencyStamp", "CreatedBy", "EngagementId"],
            ["AuditEvents"] = ["EngagementId", "UserId"],
            ["AuditPending"] = ["EngagementId", "UserId"],
            ["CatalogVersions"] = ["Id"],
            ["ConsolidatedAnswers"] = ["Id", "ConcurrencyStamp", "EngagementId", "UpdatedBy"],
            ["ConsolidationRevisions"] = ["Id", "By", "ConsolidatedAnswerId"],
            ["ConsultationEvents"] = ["Id", "EngagementId"],
            ["ConsultationSessions"] = ["Id", "EventId"],
            ["EngagementMembers"] = ["EngagementId", "UserId", "EntityId"],
            ["EngagementOrganisations"] = ["Id", "EngagementId"],
            ["Engagements"] = ["Id", "CatalogVersionId", "ConcurrencyStamp", "CoordinatingEntityId"],
            ["EntityNameHistory"] = ["Id", "ChangedByUserId", "EntityId"],
            ["EvidenceFiles"] = ["Id", "AnswerId", "EngagementId", "UploadedBy"],
            ["FindingRevisions"] = ["Id", "By", "FindingId"],
            ["Findings"] = ["Id", "ConcurrencyStamp", "CreatedBy", "EngagementId", "SessionId", "UpdatedBy"],
            ["IndicatorMeasurements"] = ["Id", "By", "EngagementId", "RecommendationId"],
            ["MilestoneCompletions"] = ["Id", "By", "EngagementId", "RecommendationId"],
            ["NationalEntities"] = ["Id", "ConcurrencyStamp", "EngagementId", "ParentId", "SuccessorId"],
            ["Participants"] = ["Id", "EngagementId", "EntityId"],
            ["PersonalAccessTokens"] = ["Id", "UserId"],
            ["ProgressEvidence"] = ["Id", "EngagementId", "UpdateId", "UploadedBy"],
            ["ProgressUpdates"] = ["Id", "By", "EngagementId", "RecommendationId"],
            ["RecommendationComments"] = ["Id", "By", "RecommendationId"],
            ["RecommendationTracking"] = ["Id", "ConcurrencyStamp", "EngagementId", "RecommendationId"],
            ["Recommendations"] = ["Id", "LeadEntityId", "RoadmapId"],
            ["ReminderLog"] = ["Id", "EngagementId", "UserId"],
            ["RoadmapRevisions"] = ["Id", "By", "RoadmapId"],
            ["Roadmaps"] = ["Id", "ConcurrencyStamp", "EngagementId"],
            ["ScoringDecisions"] = ["Id", "By", "EngagementId"],
            ["SessionAttendance"] = ["SessionId", "ParticipantId"],
            ["SiteDependencies"] = ["Id", "DependentId", "EngagementId", "SupplierId"],
            ["SiteRiskAssessments"] = ["Id", "CreatedBy", "SiteId"],
            ["Sites"] = ["Id", "ConcurrencyStamp", "EngagementId", "ImportId", "OperatorEntityId"],
            ["StageTransitions"] = ["Id", "ByUserId", "EngagementId"],
            ["StagedUploads"] = ["Id", "EngagementId", "UserId"],
            ["WorkbookExports"] = ["Id", "EngagementId", "EntityId", "ExportedBy"],
        };

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Rewrite(migrationBuilder,
            column => $"unhex(replace(\"{column}\", '-', ''))", column => $"typeof(\"{column}\") = 'text'");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Rewrite(migrationBuilder,
            column => $"upper(substr(hex(\"{column}\"), 1, 8) || '-' || substr(hex(\"{column}\"), 9, 4) || '-' || substr(hex(\"{column}\"), 13, 4) || '-' || substr(hex(\"{column}\"), 17, 4) || '-' || substr(hex(\"{column}\"), 21, 12))",
            column => $"typeof(\"{column}\") = 'blob'");

        private static void Rewrite(MigrationBuilder migrationBuilder, Func<string, string> value, Func<string, string> stored)
        {
            migrationBuilder.Sql("PRAGMA foreign_keys = 0;", suppressTransaction: true);
            foreach (var (table, columns) in Columns)
            {
                foreach (var column in columns)
                {
                    migrationBuilder.Sql($"UPDATE \"{table}\" SET \"{column}\" = {value(column)} WHERE {stored(column)};");
                }
            }

            migrationBuilder.Sql("PRAGMA foreign_keys = 1;", suppressTransaction: true);
        }
    }
}
