using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class PathSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PathSteps",
                columns: table => new
                {
                    LearnerId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Type = table.Column<int>(type: "int", nullable: false),
                    Next1 = table.Column<int>(type: "int", nullable: true),
                    Next2 = table.Column<int>(type: "int", nullable: true),
                    Next3 = table.Column<int>(type: "int", nullable: true),
                    Next4 = table.Column<int>(type: "int", nullable: true),
                    Next5 = table.Column<int>(type: "int", nullable: true),
                    Prev1 = table.Column<int>(type: "int", nullable: true),
                    Prev2 = table.Column<int>(type: "int", nullable: true),
                    Prev3 = table.Column<int>(type: "int", nullable: true),
                    Prev4 = table.Column<int>(type: "int", nullable: true),
                    Prev5 = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PathSteps", x => new { x.LearnerId, x.Seq });
                });

            migrationBuilder.CreateIndex(
                name: "IX_PathSteps_Type_At",
                table: "PathSteps",
                columns: new[] { "Type", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PathSteps");
        }
    }
}
