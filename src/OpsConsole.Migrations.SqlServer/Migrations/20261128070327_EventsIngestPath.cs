using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.SqlServer.Migrations
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

            migrationBuilder.AddColumn<Guid>(
                name: "EventKey",
                table: "Events",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Existing events get their keys (EventKeys.For) before the unique index exists. A canonical lower-case RFC 4122
            // id is its own key; any other id the first 16 bytes of SHA-256 of its UTF-8 (a UTF-8 collation, SQL Server 2019
            // or later) with the top variant bit cleared, which SQL Server and .NET read as the same Guid.
            migrationBuilder.Sql(
                """
                UPDATE [Events] SET [EventKey] = CASE
                  WHEN [EventId] COLLATE Latin1_General_100_BIN2 LIKE '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[89ab][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
                    THEN CAST([EventId] AS uniqueidentifier)
                  ELSE CAST(SUBSTRING(d, 1, 8) + CAST(CAST(SUBSTRING(d, 9, 1) AS int) & 127 AS binary(1)) + SUBSTRING(d, 10, 7) AS uniqueidentifier)
                  END
                FROM [Events]
                CROSS APPLY (SELECT SUBSTRING(HASHBYTES('SHA2_256',
                  CAST(CAST([EventId] COLLATE Latin1_General_100_BIN2_UTF8 AS varchar(512)) AS varbinary(512))), 1, 16) AS d) AS k;
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
