using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rempart.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Classification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Classification",
                table: "Findings",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "TLP:AMBER");

            migrationBuilder.AddColumn<string>(
                name: "Classification",
                table: "Engagements",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "TLP:AMBER");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Classification",
                table: "Findings");

            migrationBuilder.DropColumn(
                name: "Classification",
                table: "Engagements");
        }
    }
}
