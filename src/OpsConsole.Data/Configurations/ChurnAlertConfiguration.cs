using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;
using OpsConsole.Retention;

namespace OpsConsole.Data.Configurations;

internal sealed class ChurnAlertConfiguration : IEntityTypeConfiguration<ChurnAlert>
{
    /// <summary>
    /// At most one unresolved alert per learner, enforced by the database so two scoring runs racing each other cannot
    /// both raise one. Double-quoted identifiers read the same on SQLite, PostgreSQL and SQL Server (QUOTED_IDENTIFIER is on).
    /// </summary>
    public const string OneOpenPerLearner = "IX_ChurnAlerts_LearnerId_Unresolved";

    public void Configure(EntityTypeBuilder<ChurnAlert> b)
    {
        b.ToTable("ChurnAlerts");
        b.HasKey(a => a.Id);
        b.Property(a => a.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(a => a.ValueTier).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Drivers).HasMaxLength(ChurnScore.DriversMaxLength);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.AcknowledgedBy).HasMaxLength(ChurnAlert.UserMaxLength);
        b.Property(a => a.AssignedTo).HasMaxLength(ChurnAlert.UserMaxLength);
        b.Property(a => a.Action).HasConversion<string>().HasMaxLength(24);
        b.Property(a => a.ActionNote).HasMaxLength(ChurnAlert.NoteMaxLength);
        b.Property(a => a.ActionBy).HasMaxLength(ChurnAlert.UserMaxLength);
        b.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.ResolvedBy).HasMaxLength(ChurnAlert.UserMaxLength);
        b.HasIndex(a => a.LearnerId).IsUnique().HasFilter("\"Status\" <> 'Resolved'").HasDatabaseName(OneOpenPerLearner);
        b.HasIndex(a => new { a.LearnerId, a.RaisedAt });
        b.HasIndex(a => new { a.Status, a.RaisedAt });
        b.HasIndex(a => a.RaisedAt);
        b.HasIndex(a => new { a.AssignedTo, a.Status });
        b.HasIndex(a => new { a.Outcome, a.ActionAt });
    }
}
