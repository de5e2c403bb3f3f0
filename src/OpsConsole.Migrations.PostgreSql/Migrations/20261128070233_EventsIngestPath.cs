using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.PostgreSql.Migrations
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

            migrationBuilder.AlterColumn<string>(
                name: "LearnerId",
                table: "Events",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<Guid>(
                name: "EventKey",
                table: "Events",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Existing events get their keys (EventKeys.For) before the unique index exists. A canonical lower-case RFC 4122
            // id is its own key; any other id the first 16 bytes of SHA-256 of its UTF-8 with the top variant bit cleared,
            // read as .NET reads a Guid (first three groups little-endian), as Npgsql then writes it.
            migrationBuilder.Sql(
                """
                UPDATE "Events" SET "EventKey" = CASE
                  WHEN "EventId" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' THEN CAST("EventId" AS uuid)
                  ELSE CAST(substr(h, 7, 2) || substr(h, 5, 2) || substr(h, 3, 2) || substr(h, 1, 2) ||
                            substr(h, 11, 2) || substr(h, 9, 2) || substr(h, 15, 2) || substr(h, 13, 2) || substr(h, 17, 16) AS uuid)
                  END
                FROM (SELECT "Seq" AS seq, encode(set_byte(d, 8, get_byte(d, 8) & 127), 'hex') AS h
                      FROM (SELECT "Seq", substring(sha256(convert_to("EventId", 'UTF8')) from 1 for 16) AS d FROM "Events") AS digests) AS k
                WHERE "Events"."Seq" = k.seq;
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

            migrationBuilder.AlterColumn<string>(
                name: "LearnerId",
                table: "Events",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldCollation: "C");

            migrationBuilder.CreateIndex(
                name: "IX_Events_EventId",
                table: "Events",
                column: "EventId",
                unique: true);
        }
    }
}
