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
        b.Property(t => t.Subject).HasMaxLength(Ticket.SubjectMaxLength);
        b.Property(t => t.Body).HasMaxLength(Ticket.BodyMaxLength);
        b.Property(t => t.Language).HasMaxLength(16);
        b.Property(t => t.Channel).HasMaxLength(Ticket.ChannelMaxLength);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Urgency).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Queue).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Tags).HasMaxLength(Ticket.TagsMaxLength);
        b.Property(t => t.OrderId).HasMaxLength(Ticket.ReferenceMaxLength);
        b.Property(t => t.ItemId).HasMaxLength(Ticket.ReferenceMaxLength);
        b.Property(t => t.Intent).HasMaxLength(Ticket.IntentMaxLength);
        b.Property(t => t.Entities).HasMaxLength(4000);
        b.Property(t => t.AssigneeId).HasMaxLength(SupportAgent.IdMaxLength);
        b.Property(t => t.RouteTag).HasMaxLength(64);
        b.Property(t => t.RoutingRule).HasMaxLength(128);
        b.Property(t => t.CsatComment).HasMaxLength(2000);
        b.Ignore(t => t.IsOpen);
        b.Ignore(t => t.TagList);
        b.HasIndex(t => new { t.Status, t.CreatedAt });
        b.HasIndex(t => t.LearnerId);
        b.HasIndex(t => new { t.AssigneeId, t.Status });
        b.HasIndex(t => new { t.Queue, t.WaitingSince });
    }
}

internal sealed class TicketMessageConfiguration : IEntityTypeConfiguration<TicketMessage>
{
    public void Configure(EntityTypeBuilder<TicketMessage> b)
    {
        b.ToTable("TicketMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.AuthorId).HasMaxLength(TicketMessage.AuthorMaxLength);
        b.Property(m => m.AuthorName).HasMaxLength(TicketMessage.AuthorMaxLength);
        b.Property(m => m.Body).HasMaxLength(TicketMessage.BodyMaxLength);
        b.HasOne<Ticket>().WithMany().HasForeignKey(m => m.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.TicketId, m.Id });
    }
}

internal sealed class TicketAssignmentConfiguration : IEntityTypeConfiguration<TicketAssignment>
{
    public void Configure(EntityTypeBuilder<TicketAssignment> b)
    {
        b.ToTable("TicketAssignments");
        b.HasKey(a => a.Id);
        b.Property(a => a.AgentId).HasMaxLength(SupportAgent.IdMaxLength);
        b.Property(a => a.Trigger).HasMaxLength(32);
        b.Property(a => a.RuleName).HasMaxLength(128);
        b.Property(a => a.Reason).HasMaxLength(TicketAssignment.ReasonMaxLength);
        b.Property(a => a.Details).HasMaxLength(4000);
        b.HasOne<Ticket>().WithMany().HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.TicketId, a.AssignedAt });
        b.HasIndex(a => new { a.AgentId, a.AssignedAt });
    }
}
