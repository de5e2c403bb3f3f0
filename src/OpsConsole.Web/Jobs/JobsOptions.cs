namespace OpsConsole.Web.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run a job server in this process. Off for instances that only serve the UI, and in tests.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Refreshes the last <see cref="RecentDays"/> days (today's figures and yesterday's late events). Platform time zone.</summary>
    public string RollupsCron { get; set; } = "*/15 * * * *";

    /// <summary>Rebuilds every day, so late or re-imported events of older days are picked up. Platform time zone.</summary>
    public string RollupsFullCron { get; set; } = "30 2 * * *";

    public int RecentDays { get; set; } = 2;

    /// <summary>Workers of the in-process server; null lets Hangfire choose from the processor count.</summary>
    public int? WorkerCount { get; set; }

    /// <summary>Schema of Hangfire's tables on PostgreSQL and SQL Server, kept apart from the console's own tables.</summary>
    public string Schema { get; set; } = "hangfire";
}
