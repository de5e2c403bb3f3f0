using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EventsIngestPath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_EventId",
                table: "Events");

            migrationBuilder.AddColumn<byte[]>(
                name: "EventKey",
                table: "Events",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0]);

            // Existing events get their keys before the unique index exists. SQLite has no SHA-256 of its own:
            // ops_event_key is EventKeys.For, registered on the connection by DatabaseMigrator, which applies migrations.
            migrationBuilder.Sql(
                """
                UPDATE "Events" SET "EventKey" = ops_event_key("EventId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Events_EventKey",
                table: "Events",
                column: "EventKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_EventKey",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "EventKey",
                table: "Events");

            migrationBuilder.CreateIndex(
                name: "IX_Events_EventId",
                table: "Events",
                column: "EventId",
                unique: true);
        }
    }
}
