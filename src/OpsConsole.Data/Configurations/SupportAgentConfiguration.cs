using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Support;

namespace OpsConsole.Data.Configurations;

internal sealed class SupportAgentConfiguration : IEntityTypeConfiguration<SupportAgent>
{
    public void Configure(EntityTypeBuilder<SupportAgent> b)
    {
        b.ToTable("SupportAgents");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).HasMaxLength(SupportAgent.IdMaxLength);
        b.Property(a => a.Name).HasMaxLength(SupportAgent.NameMaxLength);
        b.Property(a => a.Intents).HasMaxLength(SupportAgent.SkillsMaxLength);
        b.Property(a => a.Languages).HasMaxLength(SupportAgent.SkillsMaxLength);
        b.Property(a => a.Tags).HasMaxLength(SupportAgent.SkillsMaxLength);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
    }
}
