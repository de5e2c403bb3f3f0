using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Data;

namespace OpsConsole.Tests.Components;

/// <summary>A real console database in SQLite memory, alive as long as this object, for pages whose services query it.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public TestDatabase()
    {
        _connection.Open();
        using var db = new OpsDbContext(Options);
        db.Database.EnsureCreated();
    }

    public DbContextOptions<OpsDbContext> Options => new DbContextOptionsBuilder<OpsDbContext>().UseSqlite(_connection).Options;

    public IDbContextFactory<OpsDbContext> Factory => new Contexts(Options);

    public void Register(IServiceCollection services) => services.AddSingleton(Factory);

    public void Dispose() => _connection.Dispose();

    private sealed class Contexts(DbContextOptions<OpsDbContext> options) : IDbContextFactory<OpsDbContext>
    {
        public OpsDbContext CreateDbContext() => new(options);
    }
}
