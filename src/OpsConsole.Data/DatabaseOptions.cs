namespace OpsConsole.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "OpsConsole";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = "";
    /// <summary>Apply pending migrations when the web app starts; turn off where a DBA applies them.</summary>
    public bool MigrateOnStart { get; set; } = true;
    public int CommandTimeoutSeconds { get; set; } = 120;
}
