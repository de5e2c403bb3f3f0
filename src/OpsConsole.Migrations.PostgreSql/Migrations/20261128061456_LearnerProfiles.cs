using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsConsole.Migrations.PostgreSql.Migrations
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
                    LearnerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Tag = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    Weight = table.Column<double>(type: "double precision", nullable: false)
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
                    LearnerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastActiveAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Events = table.Column<int>(type: "integer", nullable: false),
                    Orders = table.Column<int>(type: "integer", nullable: false),
                    OrderSpend = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    MembershipSpend = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Refunds = table.Column<int>(type: "integer", nullable: false),
                    RefundAmount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    NetSpend = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    AverageOrderValue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    LastPurchaseAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Payments = table.Column<int>(type: "integer", nullable: false),
                    LastPaymentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Membership = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    MembershipPlan = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    MembershipRenewsAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ActiveDays7 = table.Column<int>(type: "integer", nullable: false),
                    ActiveDays30 = table.Column<int>(type: "integer", nullable: false),
                    ActiveDays90 = table.Column<int>(type: "integer", nullable: false),
                    CurrentStreak = table.Column<int>(type: "integer", nullable: false),
                    CoursesStarted = table.Column<int>(type: "integer", nullable: false),
                    CoursesCompleted = table.Column<int>(type: "integer", nullable: false),
                    LessonCompletionRate = table.Column<double>(type: "double precision", nullable: false),
                    PreferredHour = table.Column<int>(type: "integer", nullable: true),
                    PreferredDevice = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    TopInterests = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RecencyScore = table.Column<int>(type: "integer", nullable: false),
                    FrequencyScore = table.Column<int>(type: "integer", nullable: false),
                    MonetaryScore = table.Column<int>(type: "integer", nullable: false),
                    RfmSegment = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Lifecycle = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PersonaId = table.Column<int>(type: "integer", nullable: true)
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
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Label = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Size = table.Column<int>(type: "integer", nullable: false),
                    Centroid = table.Column<string>(type: "text", nullable: false),
                    Scaling = table.Column<string>(type: "text", nullable: false),
                    TrainedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Personas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProjectionCheckpoints",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "text", nullable: true)
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
