using Microsoft.EntityFrameworkCore.Design;
using OpsConsole.Data;

namespace OpsConsole.Migrations.SqlServer;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQL Server; no server is contacted.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OpsDbContext>
{
    public OpsDbContext CreateDbContext(string[] args) => DesignTime.Create(DatabaseProvider.SqlServer, "Server=localhost;Database=OpsConsole;Trusted_Connection=True;TrustServerCertificate=True");
}
