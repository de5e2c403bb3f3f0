using Microsoft.EntityFrameworkCore;

namespace OpsConsole.Data;

/// <summary>Builds a context for one provider outside the host, for design-time tools and script generation.</summary>
public static class DesignTime
{
    public static OpsDbContext Create(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<OpsDbContext>();
        DataServiceCollectionExtensions.Configure(builder, new DatabaseOptions { Provider = provider, ConnectionString = connectionString });
        return new OpsDbContext(builder.Options);
    }
}
