using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Learners;
using OpsConsole.Support;

namespace OpsConsole.Data.Configurations;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(t => t.Subject).HasMaxLength(256);
        b.Property(t => t.Body).HasMaxLength(8000);
        b.Property(t => t.Language).HasMaxLength(16);
        b.Property(t => t.Channel).HasMaxLength(32);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        b.HasIndex(t => new { t.Status, t.CreatedAt });
        b.HasIndex(t => t.LearnerId);
    }
}
