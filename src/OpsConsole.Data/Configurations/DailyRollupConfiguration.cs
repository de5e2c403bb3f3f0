using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpsConsole.Analytics;

namespace OpsConsole.Data.Configurations;

internal sealed class DailyRollupConfiguration : IEntityTypeConfiguration<DailyRollup>
{
    public void Configure(EntityTypeBuilder<DailyRollup> b)
    {
        b.HasKey(r => r.Day);
    }
}
