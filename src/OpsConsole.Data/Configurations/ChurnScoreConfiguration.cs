using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;
using OpsConsole.Retention;

namespace OpsConsole.Data.Configurations;

internal sealed class ChurnScoreConfiguration : IEntityTypeConfiguration<ChurnScore>
{
    public void Configure(EntityTypeBuilder<ChurnScore> b)
    {
        b.ToTable("ChurnScores");
        b.HasKey(s => s.LearnerId);
        b.Property(s => s.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(s => s.Drivers).HasMaxLength(ChurnScore.DriversMaxLength);
        // Alerting reads only the learners at or above the lowest threshold.
        b.HasIndex(s => s.Risk);
    }
}

internal sealed class ChurnScorePointConfiguration : IEntityTypeConfiguration<ChurnScorePoint>
{
    public void Configure(EntityTypeBuilder<ChurnScorePoint> b)
    {
        b.ToTable("ChurnScoreHistory");
        b.HasKey(p => new { p.LearnerId, p.Day });
        b.Property(p => p.LearnerId).HasMaxLength(Learner.IdMaxLength);
        // Pruning old points walks the days.
        b.HasIndex(p => p.Day);
    }
}
