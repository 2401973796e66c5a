using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Interdependencies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SiteDependencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EngagementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DependentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SupplierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Probability = table.Column<double>(type: "REAL", nullable: false),
                    Hours = table.Column<double>(type: "REAL", nullable: false),
                    RedundancyGroup = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    K = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteDependencies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SiteDependencies_Engagements_EngagementId",
                        column: x => x.EngagementId,
                        principalTable: "Engagements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SiteDependencies_Sites_DependentId",
                        column: x => x.DependentId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SiteDependencies_Sites_SupplierId",
                        column: x => x.SupplierId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SiteDependencies_DependentId",
                table: "SiteDependencies",
                column: "DependentId");

            migrationBuilder.CreateIndex(
                name: "IX_SiteDependencies_EngagementId_SupplierId",
                table: "SiteDependencies",
                columns: new[] { "EngagementId", "SupplierId" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteDependencies_SupplierId",
                table: "SiteDependencies",
                column: "SupplierId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SiteDependencies");
        }
    }
}
