using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Commerce;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(m => m.Plan).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(m => m.LearnerId);
        b.HasIndex(m => m.ExpiresAt);
    }
}
