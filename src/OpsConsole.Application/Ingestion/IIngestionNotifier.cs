namespace OpsConsole.Ingestion;

/// <summary>Told after a batch is committed, so live views can refresh. The web host pushes it over SignalR.</summary>
public interface IIngestionNotifier
{
    Task BatchCommittedAsync(IngestionPulse pulse, CancellationToken cancellationToken);
}

public sealed record IngestionPulse(int Accepted, int Duplicates, int Rejected, DateTime At);

/// <summary>Used where nobody listens (the command-line tool).</summary>
public sealed class NullIngestionNotifier : IIngestionNotifier
{
    public Task BatchCommittedAsync(IngestionPulse pulse, CancellationToken cancellationToken) => Task.CompletedTask;
}
