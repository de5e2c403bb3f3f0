using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.Learners;

namespace OpsConsole.Retention;

/// <summary>
/// Stores a scoring run's output, whichever scorer produced it: each learner's current score (the one it replaces
/// kept as the previous risk) and the day's point of their risk history. A run covers every learner, so the rows go in
/// with each provider's set-based upsert (a JSON array walked by SQLite, arrays unnested by PostgreSQL) in chunks,
/// not one statement per learner; SQL Server takes the portable path through the change tracker.
/// </summary>
public sealed class ChurnScoreStore(IDbContextFactory<OpsDbContext> contexts, DatabaseOptions database, PlatformTime time)
{
    public const int ChunkSize = 5_000;

    /// <summary>Writes the scores; a learner named twice keeps the last. Every row gets the same scoring instant.</summary>
    public async Task<ChurnScoreBatch> WriteAsync(IEnumerable<ChurnScoreInput> scores, CancellationToken cancellationToken = default)
    {
        var latest = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var s in scores)
        {
            Validate(s);
            latest[s.LearnerId] = new Row(s.LearnerId, s.Risk, ChurnDrivers.Serialize(s.Drivers), s.ModelVersionId);
        }
        var scoredAt = time.UtcNow;
        var day = time.DayOf(scoredAt);
        var rows = latest.Values.ToList();
        for (var i = 0; i < rows.Count; i += ChunkSize)
        {
            var chunk = rows.GetRange(i, Math.Min(ChunkSize, rows.Count - i));
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            switch (database.Provider)
            {
                case DatabaseProvider.Sqlite:
                    await UpsertSqliteAsync(db, chunk, scoredAt, day, cancellationToken);
                    break;
                case DatabaseProvider.PostgreSql:
                    await UpsertPostgresAsync(db, chunk, scoredAt, day, cancellationToken);
                    break;
                default:
                    await UpsertPortableAsync(db, chunk, scoredAt, day, cancellationToken);
                    break;
            }
        }
        return new ChurnScoreBatch(rows.Count, scoredAt);
    }

    /// <summary>Drops history points older than <paramref name="before"/>; current scores are kept.</summary>
    public async Task<int> PruneHistoryAsync(DateOnly before, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChurnScoreHistory.Where(p => p.Day < before).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Validate(ChurnScoreInput s)
    {
        if (string.IsNullOrEmpty(s.LearnerId) || s.LearnerId.Length > Learner.IdMaxLength)
        {
            throw new ChurnScoreException($"learnerId must be 1 to {Learner.IdMaxLength} characters; got '{s.LearnerId}'.");
        }
        if (!double.IsFinite(s.Risk) || s.Risk is < 0 or > 1)
        {
            throw new ChurnScoreException($"The risk of learner '{s.LearnerId}' must be between 0 and 1; got {s.Risk}.");
        }
    }

    private sealed record Row(string LearnerId, double Risk, string Drivers, int? ModelVersionId);

    private const string ScoreUpdate = """
        DO UPDATE SET "PreviousRisk" = "ChurnScores"."Risk", "Risk" = excluded."Risk", "Drivers" = excluded."Drivers",
            "ModelVersionId" = excluded."ModelVersionId", "ScoredAt" = excluded."ScoredAt"
        """;

    private const string PointUpdate = """
        DO UPDATE SET "Risk" = excluded."Risk", "ModelVersionId" = excluded."ModelVersionId", "ScoredAt" = excluded."ScoredAt"
        """;

    private static async Task UpsertSqliteAsync(OpsDbContext db, List<Row> rows, DateTime scoredAt, DateOnly day, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        var json = JsonSerializer.Serialize(rows.Select(r => new object?[] { r.LearnerId, r.Risk, r.Drivers, r.ModelVersionId }));
        await using (var scores = connection.CreateCommand())
        {
            scores.Transaction = tx;
            // "WHERE true" tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join in the SELECT.
            scores.CommandText = $"""
                INSERT INTO "ChurnScores" ("LearnerId","Risk","Drivers","ModelVersionId","ScoredAt")
                SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), $at
                FROM json_each($rows) WHERE true
                ON CONFLICT("LearnerId") {ScoreUpdate}
                """;
            scores.Parameters.AddWithValue("$rows", json);
            scores.Parameters.AddWithValue("$at", scoredAt);
            await scores.ExecuteNonQueryAsync(ct);
        }
        await using (var points = connection.CreateCommand())
        {
            points.Transaction = tx;
            points.CommandText = $"""
                INSERT INTO "ChurnScoreHistory" ("LearnerId","Day","Risk","ModelVersionId","ScoredAt")
                SELECT json_extract(value, '$[0]'), $day, json_extract(value, '$[1]'), json_extract(value, '$[3]'), $at
                FROM json_each($rows) WHERE true
                ON CONFLICT("LearnerId","Day") {PointUpdate}
                """;
            points.Parameters.AddWithValue("$rows", json);
            points.Parameters.AddWithValue("$day", day);
            points.Parameters.AddWithValue("$at", scoredAt);
            await points.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        await db.Database.CloseConnectionAsync();
    }

    private static async Task UpsertPostgresAsync(OpsDbContext db, List<Row> rows, DateTime scoredAt, DateOnly day, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var tx = await connection.BeginTransactionAsync(ct);
        var ids = rows.Select(r => r.LearnerId).ToArray();
        var risks = rows.Select(r => r.Risk).ToArray();
        var drivers = rows.Select(r => r.Drivers).ToArray();
        var models = rows.Select(r => r.ModelVersionId).ToArray();
        await using (var scores = new NpgsqlCommand($"""
            INSERT INTO "ChurnScores" ("LearnerId","Risk","Drivers","ModelVersionId","ScoredAt")
            SELECT u.id, u.risk, u.drivers, u.model, @at FROM unnest(@ids, @risks, @drivers, @models) AS u(id, risk, drivers, model)
            ON CONFLICT ("LearnerId") {ScoreUpdate}
            """, connection, tx))
        {
            scores.Parameters.AddWithValue("ids", ids);
            scores.Parameters.AddWithValue("risks", risks);
            scores.Parameters.AddWithValue("drivers", drivers);
            scores.Parameters.AddWithValue("models", models);
            scores.Parameters.AddWithValue("at", scoredAt);
            await scores.ExecuteNonQueryAsync(ct);
        }
        await using (var points = new NpgsqlCommand($"""
            INSERT INTO "ChurnScoreHistory" ("LearnerId","Day","Risk","ModelVersionId","ScoredAt")
            SELECT u.id, @day, u.risk, u.model, @at FROM unnest(@ids, @risks, @models) AS u(id, risk, model)
            ON CONFLICT ("LearnerId","Day") {PointUpdate}
            """, connection, tx))
        {
            points.Parameters.AddWithValue("ids", ids);
            points.Parameters.AddWithValue("risks", risks);
            points.Parameters.AddWithValue("models", models);
            points.Parameters.AddWithValue("day", day);
            points.Parameters.AddWithValue("at", scoredAt);
            await points.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        await db.Database.CloseConnectionAsync();
    }

    private static async Task UpsertPortableAsync(OpsDbContext db, List<Row> rows, DateTime scoredAt, DateOnly day, CancellationToken ct)
    {
        var ids = rows.Select(r => r.LearnerId).ToList();
        var current = await db.ChurnScores.Where(s => ids.Contains(s.LearnerId)).ToDictionaryAsync(s => s.LearnerId, StringComparer.Ordinal, ct);
        var points = await db.ChurnScoreHistory.Where(p => p.Day == day && ids.Contains(p.LearnerId)).ToDictionaryAsync(p => p.LearnerId, StringComparer.Ordinal, ct);
        foreach (var r in rows)
        {
            if (current.TryGetValue(r.LearnerId, out var score))
            {
                score.PreviousRisk = score.Risk;
            }
            else
            {
                score = new ChurnScore { LearnerId = r.LearnerId };
                db.ChurnScores.Add(score);
            }
            (score.Risk, score.Drivers, score.ModelVersionId, score.ScoredAt) = (r.Risk, r.Drivers, r.ModelVersionId, scoredAt);
            if (!points.TryGetValue(r.LearnerId, out var point))
            {
                point = new ChurnScorePoint { LearnerId = r.LearnerId, Day = day };
                db.ChurnScoreHistory.Add(point);
            }
            (point.Risk, point.ModelVersionId, point.ScoredAt) = (r.Risk, r.ModelVersionId, scoredAt);
        }
        await db.SaveChangesAsync(ct);
    }
}
