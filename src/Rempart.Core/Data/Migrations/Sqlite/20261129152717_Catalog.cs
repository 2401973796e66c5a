using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Catalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CatalogVersionId",
                table: "Engagements",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CatalogVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    CatalogId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    BaseKey = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    Country = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    TitleFr = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    InstrumentCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ProvisionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    QuestionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TemplateCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogVersions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Engagements_CatalogVersionId",
                table: "Engagements",
                column: "CatalogVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_CatalogVersions_Key",
                table: "CatalogVersions",
                column: "Key",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Engagements_CatalogVersions_CatalogVersionId",
                table: "Engagements",
                column: "CatalogVersionId",
                principalTable: "CatalogVersions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Engagements_CatalogVersions_CatalogVersionId",
                table: "Engagements");

            migrationBuilder.DropTable(
                name: "CatalogVersions");

            migrationBuilder.DropIndex(
                name: "IX_Engagements_CatalogVersionId",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "CatalogVersionId",
                table: "Engagements");
        }
    }
}
