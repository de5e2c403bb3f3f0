using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Profiles;

namespace OpsConsole.Data.Configurations;

internal sealed class ProjectionCheckpointConfiguration : IEntityTypeConfiguration<ProjectionCheckpoint>
{
    public void Configure(EntityTypeBuilder<ProjectionCheckpoint> b)
    {
        b.ToTable("ProjectionCheckpoints");
        b.HasKey(c => c.Name);
        b.Property(c => c.Name).HasMaxLength(32);
    }
}
