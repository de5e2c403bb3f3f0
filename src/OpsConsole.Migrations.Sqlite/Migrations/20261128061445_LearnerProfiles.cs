using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LearnerProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LearnerInterests",
                columns: table => new
                {
                    LearnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Tag = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Weight = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearnerInterests", x => new { x.LearnerId, x.Tag });
                    table.ForeignKey(
                        name: "FK_LearnerInterests_Learners_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "Learners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LearnerProfiles",
                columns: table => new
                {
                    LearnerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastActiveAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Events = table.Column<int>(type: "INTEGER", nullable: false),
                    Orders = table.Column<int>(type: "INTEGER", nullable: false),
                    OrderSpend = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false),
                    MembershipSpend = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false),
                    Refunds = table.Column<int>(type: "INTEGER", nullable: false),
                    RefundAmount = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false),
                    NetSpend = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false),
                    AverageOrderValue = table.Column<double>(type: "REAL", precision: 18, scale: 2, nullable: false),
                    LastPurchaseAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Payments = table.Column<int>(type: "INTEGER", nullable: false),
                    LastPaymentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Membership = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MembershipPlan = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    MembershipRenewsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ActiveDays7 = table.Column<int>(type: "INTEGER", nullable: false),
                    ActiveDays30 = table.Column<int>(type: "INTEGER", nullable: false),
                    ActiveDays90 = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentStreak = table.Column<int>(type: "INTEGER", nullable: false),
                    CoursesStarted = table.Column<int>(type: "INTEGER", nullable: false),
                    CoursesCompleted = table.Column<int>(type: "INTEGER", nullable: false),
                    LessonCompletionRate = table.Column<double>(type: "REAL", nullable: false),
                    PreferredHour = table.Column<int>(type: "INTEGER", nullable: true),
                    PreferredDevice = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    TopInterests = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RecencyScore = table.Column<int>(type: "INTEGER", nullable: false),
                    FrequencyScore = table.Column<int>(type: "INTEGER", nullable: false),
                    MonetaryScore = table.Column<int>(type: "INTEGER", nullable: false),
                    RfmSegment = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Lifecycle = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PersonaId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LearnerProfiles", x => x.LearnerId);
                    table.ForeignKey(
                        name: "FK_LearnerProfiles_Learners_LearnerId",
                        column: x => x.LearnerId,
                        principalTable: "Learners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Personas",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    Centroid = table.Column<string>(type: "TEXT", nullable: false),
                    Scaling = table.Column<string>(type: "TEXT", nullable: false),
                    TrainedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Personas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProjectionCheckpoints",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProjectionCheckpoints", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LearnerInterests_Tag_Weight",
                table: "LearnerInterests",
                columns: new[] { "Tag", "Weight" });

            migrationBuilder.CreateIndex(
                name: "IX_LearnerProfiles_LastActiveAt",
                table: "LearnerProfiles",
                column: "LastActiveAt");

            migrationBuilder.CreateIndex(
                name: "IX_LearnerProfiles_Lifecycle",
                table: "LearnerProfiles",
                column: "Lifecycle");

            migrationBuilder.CreateIndex(
                name: "IX_LearnerProfiles_NetSpend",
                table: "LearnerProfiles",
                column: "NetSpend");

            migrationBuilder.CreateIndex(
                name: "IX_LearnerProfiles_PersonaId",
                table: "LearnerProfiles",
                column: "PersonaId");

            migrationBuilder.CreateIndex(
                name: "IX_LearnerProfiles_RfmSegment",
                table: "LearnerProfiles",
                column: "RfmSegment");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LearnerInterests");

            migrationBuilder.DropTable(
                name: "LearnerProfiles");

            migrationBuilder.DropTable(
                name: "Personas");

            migrationBuilder.DropTable(
                name: "ProjectionCheckpoints");
        }
    }
}
