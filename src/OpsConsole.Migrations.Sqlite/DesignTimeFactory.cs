using Microsoft.EntityFrameworkCore.Design;
using OpsConsole.Data;

namespace OpsConsole.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite without starting the web app.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OpsDbContext>
{
    public OpsDbContext CreateDbContext(string[] args) => DesignTime.Create(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}
