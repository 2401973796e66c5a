using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Postgres
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CatalogVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    CatalogId = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Version = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    BaseKey = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    Country = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    PublishedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    TitleEn = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    TitleFr = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    InstrumentCount = table.Column<int>(type: "integer", nullable: false),
                    ProvisionCount = table.Column<int>(type: "integer", nullable: false),
                    QuestionCount = table.Column<int>(type: "integer", nullable: false),
                    TemplateCount = table.Column<int>(type: "integer", nullable: false)
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
