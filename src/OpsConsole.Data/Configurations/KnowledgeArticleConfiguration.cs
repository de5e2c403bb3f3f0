using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Support;

namespace OpsConsole.Data.Configurations;

internal sealed class KnowledgeArticleConfiguration : IEntityTypeConfiguration<KnowledgeArticle>
{
    public void Configure(EntityTypeBuilder<KnowledgeArticle> b)
    {
        b.ToTable("KnowledgeArticles");
        b.HasKey(a => a.Id);
        b.Property(a => a.Title).HasMaxLength(KnowledgeArticle.TitleMaxLength);
        b.Property(a => a.Body).HasMaxLength(KnowledgeArticle.BodyMaxLength);
        b.Property(a => a.Intents).HasMaxLength(1024);
        b.Property(a => a.Language).HasMaxLength(16);
        b.Property(a => a.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class CannedResponseConfiguration : IEntityTypeConfiguration<CannedResponse>
{
    public void Configure(EntityTypeBuilder<CannedResponse> b)
    {
        b.ToTable("CannedResponses");
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(CannedResponse.NameMaxLength);
        b.Property(c => c.Body).HasMaxLength(TicketMessage.BodyMaxLength);
        b.Property(c => c.Language).HasMaxLength(16);
        b.Property(c => c.Intents).HasMaxLength(1024);
    }
}

internal sealed class SupportSettingConfiguration : IEntityTypeConfiguration<SupportSetting>
{
    public void Configure(EntityTypeBuilder<SupportSetting> b)
    {
        b.ToTable("SupportSettings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(SupportSetting.KeyMaxLength);
        b.Property(s => s.Value).HasMaxLength(64000);
        b.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class IntentModelVersionConfiguration : IEntityTypeConfiguration<IntentModelVersion>
{
    public void Configure(EntityTypeBuilder<IntentModelVersion> b)
    {
        b.ToTable("IntentModels");
        b.HasKey(m => m.Id);
        b.Property(m => m.StartedBy).HasMaxLength(256);
        b.Property(m => m.PromotedBy).HasMaxLength(256);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Error).HasMaxLength(2000);
        b.HasIndex(m => m.Status);
    }
}
