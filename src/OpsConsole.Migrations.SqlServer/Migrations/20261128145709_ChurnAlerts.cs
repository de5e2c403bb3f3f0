using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ChurnAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AlertThresholdRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SegmentId = table.Column<int>(type: "int", nullable: true),
                    Tier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    Threshold = table.Column<double>(type: "float", nullable: false),
                    Order = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertThresholdRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertThresholdRules_Segments_SegmentId",
                        column: x => x.SegmentId,
                        principalTable: "Segments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChurnAlerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    LearnerId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Risk = table.Column<double>(type: "float", nullable: false),
                    Threshold = table.Column<double>(type: "float", nullable: false),
                    RuleId = table.Column<int>(type: "int", nullable: true),
                    ValueTier = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    SegmentId = table.Column<int>(type: "int", nullable: true),
                    Drivers = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    ModelVersionId = table.Column<int>(type: "int", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    AssignedTo = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Action = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: true),
                    ActionNote = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ActionAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ActionBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Outcome = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    OutcomeAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ResolvedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChurnAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChurnModels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    StartedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    Trainer = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    TrainingExamples = table.Column<int>(type: "int", nullable: false),
                    TestExamples = table.Column<int>(type: "int", nullable: false),
                    PositiveRate = table.Column<double>(type: "float", nullable: false),
                    Auc = table.Column<double>(type: "float", nullable: false),
                    PrAuc = table.Column<double>(type: "float", nullable: false),
                    LogLoss = table.Column<double>(type: "float", nullable: false),
                    Evaluation = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    PromotedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PromotedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Error = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChurnModels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ChurnScoreHistory",
                columns: table => new
                {
                    LearnerId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Risk = table.Column<double>(type: "float", nullable: false),
                    ModelVersionId = table.Column<int>(type: "int", nullable: true),
                    ScoredAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChurnScoreHistory", x => new { x.LearnerId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "ChurnScores",
                columns: table => new
                {
                    LearnerId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Risk = table.Column<double>(type: "float", nullable: false),
                    PreviousRisk = table.Column<double>(type: "float", nullable: true),
                    Drivers = table.Column<string>(type: "nvarchar(max)", maxLength: 8000, nullable: false),
                    ModelVersionId = table.Column<int>(type: "int", nullable: true),
                    ScoredAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChurnScores", x => x.LearnerId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertThresholdRules_SegmentId",
                table: "AlertThresholdRules",
                column: "SegmentId");

            migrationBuilder.CreateIndex(
                name: "IX_ChurnAlerts_AssignedTo_Status",
                table: "ChurnAlerts",
                columns: new[] { "AssignedTo", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ChurnAlerts_LearnerId_RaisedAt",
                table: "ChurnAlerts",
                columns: new[] { "LearnerId", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChurnAlerts_LearnerId_Unresolved",
                table: "ChurnAlerts",
                column: "LearnerId",
                unique: true,
                filter: "\"Status\" <> 'Resolved'");

            migrationBuilder.CreateIndex(
                name: "IX_ChurnAlerts_Outcome_ActionAt",
                table: "ChurnAlerts",
                columns: new[] { "Outcome", "ActionAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChurnAlerts_RaisedAt",
                table: "ChurnAlerts",
                column: "RaisedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ChurnAlerts_Status_RaisedAt",
                table: "ChurnAlerts",
                columns: new[] { "Status", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChurnModels_Status",
                table: "ChurnModels",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_ChurnScoreHistory_Day",
                table: "ChurnScoreHistory",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_ChurnScores_Risk",
                table: "ChurnScores",
                column: "Risk");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AlertThresholdRules");

            migrationBuilder.DropTable(
                name: "ChurnAlerts");

            migrationBuilder.DropTable(
                name: "ChurnModels");

            migrationBuilder.DropTable(
                name: "ChurnScoreHistory");

            migrationBuilder.DropTable(
                name: "ChurnScores");
        }
    }
}
