using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EntitiesParticipantsStages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CoordinatingEntityId",
                table: "Engagements",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProgrammeEn",
                table: "Engagements",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ProgrammeFr",
                table: "Engagements",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Stage",
                table: "Engagements",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "EngagementOrganisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameFr = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EngagementOrganisations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EngagementOrganisations_Engagements_EngagementId",
                        column: x => x.EngagementId,
                        principalTable: "Engagements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NationalEntities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Acronym = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameFr = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    MandateEn = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    MandateFr = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Sectors = table.Column<List<string>>(type: "text[]", nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    SuccessorId = table.Column<Guid>(type: "uuid", nullable: true),
                    IsDeactivated = table.Column<bool>(type: "boolean", nullable: false),
                    ConcurrencyStamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NationalEntities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NationalEntities_Engagements_EngagementId",
                        column: x => x.EngagementId,
                        principalTable: "Engagements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NationalEntities_NationalEntities_ParentId",
                        column: x => x.ParentId,
                        principalTable: "NationalEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_NationalEntities_NationalEntities_SuccessorId",
                        column: x => x.SuccessorId,
                        principalTable: "NationalEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StageTransitions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    To = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OverriddenRequirements = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StageTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StageTransitions_Engagements_EngagementId",
                        column: x => x.EngagementId,
                        principalTable: "Engagements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EntityNameHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Acronym = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameFr = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    ChangedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EntityNameHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EntityNameHistory_NationalEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "NationalEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Participants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    FullName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Gender = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PreferredLanguage = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Participants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Participants_Engagements_EngagementId",
                        column: x => x.EngagementId,
                        principalTable: "Engagements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Participants_NationalEntities_EntityId",
                        column: x => x.EntityId,
                        principalTable: "NationalEntities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Engagements_CoordinatingEntityId",
                table: "Engagements",
                column: "CoordinatingEntityId");

            migrationBuilder.CreateIndex(
                name: "IX_EngagementOrganisations_EngagementId_Role_Code",
                table: "EngagementOrganisations",
                columns: new[] { "EngagementId", "Role", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EntityNameHistory_EntityId",
                table: "EntityNameHistory",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_NationalEntities_EngagementId",
                table: "NationalEntities",
                column: "EngagementId");

            migrationBuilder.CreateIndex(
                name: "IX_NationalEntities_ParentId",
                table: "NationalEntities",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_NationalEntities_SuccessorId",
                table: "NationalEntities",
                column: "SuccessorId");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_EngagementId",
                table: "Participants",
                column: "EngagementId");

            migrationBuilder.CreateIndex(
                name: "IX_Participants_EntityId",
                table: "Participants",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_StageTransitions_EngagementId",
                table: "StageTransitions",
                column: "EngagementId");

            migrationBuilder.AddForeignKey(
                name: "FK_Engagements_NationalEntities_CoordinatingEntityId",
                table: "Engagements",
                column: "CoordinatingEntityId",
                principalTable: "NationalEntities",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Engagements_NationalEntities_CoordinatingEntityId",
                table: "Engagements");

            migrationBuilder.DropTable(
                name: "EngagementOrganisations");

            migrationBuilder.DropTable(
                name: "EntityNameHistory");

            migrationBuilder.DropTable(
                name: "Participants");

            migrationBuilder.DropTable(
                name: "StageTransitions");

            migrationBuilder.DropTable(
                name: "NationalEntities");

            migrationBuilder.DropIndex(
                name: "IX_Engagements_CoordinatingEntityId",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "CoordinatingEntityId",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "ProgrammeEn",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "ProgrammeFr",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "Stage",
                table: "Engagements");
        }
    }
}
