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

    /// <summary>
    /// How many connections one analytics query may split its learners over, so a funnel uses every core of the
    /// database; 0 means one per processor of this machine.
    /// </summary>
    public int AnalyticsParallelism { get; set; }

    /// <summary>The number of learner slices an analytics query runs as: <see cref="AnalyticsParallelism"/>, or the processor count.</summary>
    public int AnalyticsSlices => Math.Clamp(AnalyticsParallelism == 0 ? Environment.ProcessorCount : AnalyticsParallelism, 1, MaxAnalyticsParallelism);

    public const int MaxAnalyticsParallelism = 16;
}
