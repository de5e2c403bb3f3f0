using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Ingestion;
using OpsConsole.Learners;

namespace OpsConsole.Data.Configurations;

internal sealed class BehaviorEventConfiguration : IEntityTypeConfiguration<BehaviorEvent>
{
    public void Configure(EntityTypeBuilder<BehaviorEvent> b)
    {
        b.ToTable("Events");
        b.HasKey(e => e.Seq);
        b.Property(e => e.Seq).ValueGeneratedOnAdd();
        b.Property(e => e.EventId).HasMaxLength(BehaviorEvent.EventIdMaxLength);
        b.Property(e => e.LearnerId).HasMaxLength(Learner.IdMaxLength);
        b.Property(e => e.Type).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.ItemId).HasMaxLength(64);
        b.Property(e => e.SessionId).HasMaxLength(BehaviorEvent.SessionIdMaxLength);
        b.Property(e => e.Currency).HasMaxLength(3).IsFixedLength();
        b.Property(e => e.Properties).HasMaxLength(BehaviorEvent.PropertiesMaxBytes);
        // Idempotency rests on this index: a re-sent event id never stores a second row. It is on the 16-byte digest of
        // the id rather than the id's text because every insert lands on a random page of it: the smaller it is, the
        // fewer pages each batch dirties (and, on SQLite, rewrites at commit).
        b.Property(e => e.EventKey);
        b.HasIndex(e => e.EventKey).IsUnique();
        // A learner's timeline, profile refreshes and "any event" retention look up by learner and time. Seq and Type
        // make it cover what paths and retention read per event, in the (time, Seq) order they walk a timeline in:
        // without them every event read is also a table-row lookup, and a timeline with equal times needs a sort.
        b.HasIndex(e => new { e.LearnerId, e.OccurredAt, e.Seq, e.Type });
        b.HasIndex(e => e.OccurredAt);
        // Retention, funnels, paths and segments ask "who did type T, and when": this keeps them under a second on
        // millions of events. It costs ingestion a third randomly-keyed index; analysts waiting on a dashboard
        // matter more than a bulk back-fill's throughput (bench/README.md has both figures).
        b.HasIndex(e => new { e.Type, e.LearnerId, e.OccurredAt });
    }
}
