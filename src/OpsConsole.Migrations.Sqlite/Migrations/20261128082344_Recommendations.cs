using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Recommendations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecommendationFeedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecommendationId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Amount = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: true),
                    ModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommendationFeedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommendationImpressions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecommendationId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LearnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ItemId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<float>(type: "REAL", nullable: false),
                    ModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Context = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ColdStart = table.Column<bool>(type: "INTEGER", nullable: false),
                    ServedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommendationImpressions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommenderModels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Algorithm = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", nullable: false),
                    Metrics = table.Column<string>(type: "TEXT", nullable: true),
                    DataFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DataTo = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Learners = table.Column<int>(type: "INTEGER", nullable: false),
                    Items = table.Column<int>(type: "INTEGER", nullable: false),
                    Interactions = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    PromotedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PromotedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommenderModels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommenderArtifacts",
                columns: table => new
                {
                    ModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommenderArtifacts", x => x.ModelId);
                    table.ForeignKey(
                        name: "FK_RecommenderArtifacts_RecommenderModels_ModelId",
                        column: x => x.ModelId,
                        principalTable: "RecommenderModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecommendationFeedback_ModelId_OccurredAt",
                table: "RecommendationFeedback",
                columns: new[] { "ModelId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecommendationFeedback_RecommendationId_ItemId_Kind",
                table: "RecommendationFeedback",
                columns: new[] { "RecommendationId", "ItemId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecommendationImpressions_LearnerId_ServedAt",
                table: "RecommendationImpressions",
                columns: new[] { "LearnerId", "ServedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecommendationImpressions_ModelId_ServedAt",
                table: "RecommendationImpressions",
                columns: new[] { "ModelId", "ServedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecommendationImpressions_RecommendationId_ItemId",
                table: "RecommendationImpressions",
                columns: new[] { "RecommendationId", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_RecommenderModels_Status",
                table: "RecommenderModels",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecommendationFeedback");

            migrationBuilder.DropTable(
                name: "RecommendationImpressions");

            migrationBuilder.DropTable(
                name: "RecommenderArtifacts");

            migrationBuilder.DropTable(
                name: "RecommenderModels");
        }
    }
}
