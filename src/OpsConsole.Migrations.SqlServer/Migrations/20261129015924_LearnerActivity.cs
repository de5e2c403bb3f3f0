using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class LearnerActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LearnerActivity",
                columns: table => new
                {
                    LearnerId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Period = table.Column<int>(type: "int", nullable: false),
                    Start = table.Column<DateOnly>(type: "date", nullable: false),
                    Types = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearnerActivity", x => new { x.LearnerId, x.Period, x.Start });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LearnerActivity");
        }
    }
}
