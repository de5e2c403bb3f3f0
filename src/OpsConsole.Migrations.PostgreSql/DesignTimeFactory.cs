using Microsoft.EntityFrameworkCore.Design;
using OpsConsole.Data;

namespace OpsConsole.Migrations.PostgreSql;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for PostgreSQL; no server is contacted.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OpsDbContext>
{
    public OpsDbContext CreateDbContext(string[] args) => DesignTime.Create(DatabaseProvider.PostgreSql, "Host=localhost;Database=opsconsole");
}
