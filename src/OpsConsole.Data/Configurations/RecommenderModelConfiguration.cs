using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Recommendations;

namespace OpsConsole.Data.Configurations;

internal sealed class RecommenderModelConfiguration : IEntityTypeConfiguration<RecommenderModel>
{
    public void Configure(EntityTypeBuilder<RecommenderModel> b)
    {
        b.ToTable("RecommenderModels");
        b.HasKey(m => m.Id);
        b.Property(m => m.Algorithm).HasMaxLength(RecommenderModel.AlgorithmMaxLength);
        b.Property(m => m.StartedBy).HasMaxLength(RecommenderModel.StartedByMaxLength);
        b.Property(m => m.PromotedBy).HasMaxLength(RecommenderModel.StartedByMaxLength);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(m => m.Status);
    }
}

internal sealed class RecommenderArtifactConfiguration : IEntityTypeConfiguration<RecommenderArtifact>
{
    public void Configure(EntityTypeBuilder<RecommenderArtifact> b)
    {
        b.ToTable("RecommenderArtifacts");
        b.HasKey(a => a.ModelId);
        b.Property(a => a.ModelId).ValueGeneratedNever();
        b.HasOne<RecommenderModel>().WithOne().HasForeignKey<RecommenderArtifact>(a => a.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
