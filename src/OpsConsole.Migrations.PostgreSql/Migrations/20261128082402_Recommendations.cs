using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpsConsole.Migrations.PostgreSql.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecommendationId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ItemId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    ModelId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommendationFeedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommendationImpressions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RecommendationId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LearnerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ItemId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<float>(type: "real", nullable: false),
                    ModelId = table.Column<int>(type: "integer", nullable: false),
                    Context = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    ColdStart = table.Column<bool>(type: "boolean", nullable: false),
                    ServedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommendationImpressions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommenderModels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Algorithm = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Parameters = table.Column<string>(type: "text", nullable: false),
                    Metrics = table.Column<string>(type: "text", nullable: true),
                    DataFrom = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DataTo = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Learners = table.Column<int>(type: "integer", nullable: false),
                    Items = table.Column<int>(type: "integer", nullable: false),
                    Interactions = table.Column<int>(type: "integer", nullable: false),
                    StartedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    PromotedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PromotedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecommenderModels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecommenderArtifacts",
                columns: table => new
                {
                    ModelId = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
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
