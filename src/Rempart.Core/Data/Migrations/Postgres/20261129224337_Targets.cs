using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Targets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SiteClearance",
                table: "EngagementMembers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Details = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Sites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    NameFr = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Sector = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Subsector = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Category = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Operator = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OperatorEntityId = table.Column<Guid>(type: "uuid", nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    Region = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    Capacity = table.Column<long>(type: "bigint", nullable: true),
                    Measures = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Classification = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    RiskIndex = table.Column<double>(type: "double precision", nullable: true),
                    RiskBand = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    RiskMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    AssessedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sites_Engagements_EngagementId",
                        column: x => x.EngagementId,
                        principalTable: "Engagements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Sites_NationalEntities_OperatorEntityId",
                        column: x => x.OperatorEntityId,
                        principalTable: "NationalEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SiteRiskAssessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<Guid>(type: "uuid", nullable: false),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AssessedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Factors = table.Column<string>(type: "text", nullable: false),
                    Scenarios = table.Column<string>(type: "text", nullable: false),
                    RationaleFr = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    RationaleEn = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    RiskIndex = table.Column<double>(type: "double precision", nullable: false),
                    FullRisk = table.Column<double>(type: "double precision", nullable: true),
                    Consequence = table.Column<double>(type: "double precision", nullable: false),
                    Likelihood = table.Column<double>(type: "double precision", nullable: false),
                    Band = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteRiskAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteRiskAssessments_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_EngagementId_At",
                table: "AuditEvents",
                columns: new[] { "EngagementId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteRiskAssessments_SiteId_AssessedOn",
                table: "SiteRiskAssessments",
                columns: new[] { "SiteId", "AssessedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Sites_EngagementId_Code",
                table: "Sites",
                columns: new[] { "EngagementId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sites_EngagementId_RiskIndex",
                table: "Sites",
                columns: new[] { "EngagementId", "RiskIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_Sites_OperatorEntityId",
                table: "Sites",
                column: "OperatorEntityId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropTable(
                name: "SiteRiskAssessments");

            migrationBuilder.DropTable(
                name: "Sites");

            migrationBuilder.DropColumn(
                name: "SiteClearance",
                table: "EngagementMembers");
        }
    }
}
