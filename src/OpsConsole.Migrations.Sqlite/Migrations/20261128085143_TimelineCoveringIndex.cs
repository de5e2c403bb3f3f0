using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TimelineCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_LearnerId_OccurredAt",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_LearnerId_OccurredAt_Seq_Type",
                table: "Events",
                columns: new[] { "LearnerId", "OccurredAt", "Seq", "Type" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_LearnerId_OccurredAt_Seq_Type",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_LearnerId_OccurredAt",
                table: "Events",
                columns: new[] { "LearnerId", "OccurredAt" });
        }
    }
}
