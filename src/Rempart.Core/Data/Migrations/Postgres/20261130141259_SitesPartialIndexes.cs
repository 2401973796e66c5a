using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SitesPartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sites_EngagementId_RiskIndex",
                table: "Sites");

            migrationBuilder.DropIndex(
                name: "IX_Sites_OperatorEntityId",
                table: "Sites");

            migrationBuilder.CreateIndex(
                name: "IX_Sites_EngagementId_RiskIndex",
                table: "Sites",
                columns: new[] { "EngagementId", "RiskIndex" },
                filter: "\"RiskIndex\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Sites_OperatorEntityId",
                table: "Sites",
                column: "OperatorEntityId",
                filter: "\"OperatorEntityId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sites_EngagementId_RiskIndex",
                table: "Sites");

            migrationBuilder.DropIndex(
                name: "IX_Sites_OperatorEntityId",
                table: "Sites");

            migrationBuilder.CreateIndex(
                name: "IX_Sites_EngagementId_RiskIndex",
                table: "Sites",
                columns: new[] { "EngagementId", "RiskIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_Sites_OperatorEntityId",
                table: "Sites",
                column: "OperatorEntityId");
        }
    }
}
