using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Privacy;

namespace OpsConsole.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.HasKey(a => a.Id);
        b.Property(a => a.Actor).HasMaxLength(AuditEntry.ActorMaxLength);
        b.Property(a => a.Action).HasMaxLength(AuditEntry.ActionMaxLength);
        b.Property(a => a.Target).HasMaxLength(AuditEntry.TargetMaxLength);
        b.Property(a => a.Detail).HasMaxLength(AuditEntry.DetailMaxLength);
        // The page lists newest first, usually narrowed to one person, one action or one learner.
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.Actor, a.At });
        b.HasIndex(a => new { a.Action, a.At });
        b.HasIndex(a => a.Target);
    }
}
