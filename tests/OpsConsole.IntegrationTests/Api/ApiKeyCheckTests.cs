using Microsoft.EntityFrameworkCore;
using OpsConsole.Access;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;

namespace OpsConsole.IntegrationTests.Api;

/// <summary>How a presented key is checked: trusted for a few seconds once found, never after a revocation seen here.</summary>
public sealed class ApiKeyCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class SteppedClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;

        public override long GetTimestamp() => _now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    }

    private static async Task<DateTime?> LastUsedAsync(TestDatabase db)
    {
        await using var ctx = await db.Contexts.CreateDbContextAsync(Ct);
        return (await ctx.ApiKeys.SingleAsync(Ct)).LastUsedAt;
    }

    [Fact]
    public async Task FindActiveAsync_KeyRevokedThroughThisInstance_IsRefusedAtOnce()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var keys = new ApiKeyService(db.Contexts, new SteppedClock(DateTimeOffset.Parse("2026-05-01T10:00:00Z")));
        var created = await keys.CreateAsync("backend", ApiScopes.Recommend, "tests", Ct);
        Assert.NotNull(await keys.FindActiveAsync(created.Secret, Ct));

        await keys.RevokeAsync(created.Id, Ct);

        Assert.Null(await keys.FindActiveAsync(created.Secret, Ct));
    }

    [Fact]
    public async Task FindActiveAsync_KeyRevokedByAnotherInstance_IsRefusedOnceTheRecheckTimeHasPassed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var clock = new SteppedClock(DateTimeOffset.Parse("2026-05-01T10:00:00Z"));
        var serving = new ApiKeyService(db.Contexts, clock);
        var admin = new ApiKeyService(db.Contexts, clock);
        var created = await admin.CreateAsync("backend", ApiScopes.Recommend, "tests", Ct);
        Assert.NotNull(await serving.FindActiveAsync(created.Secret, Ct));

        await admin.RevokeAsync(created.Id, Ct);
        var soonAfter = await serving.FindActiveAsync(created.Secret, Ct);
        clock.Advance(ApiKeyService.RecheckAfter);
        var afterRecheck = await serving.FindActiveAsync(created.Secret, Ct);

        Assert.NotNull(soonAfter);
        Assert.Null(afterRecheck);
    }

    [Fact]
    public async Task FindActiveAsync_KeyInSteadyUse_RecordsItsLastUseAboutOnceAMinute()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var start = DateTimeOffset.Parse("2026-05-01T10:00:00Z");
        var clock = new SteppedClock(start);
        var keys = new ApiKeyService(db.Contexts, clock);
        var created = await keys.CreateAsync("backend", ApiScopes.Recommend, "tests", Ct);

        var seen = new List<DateTime?>();
        for (var second = 0; second <= 130; second += 5)
        {
            Assert.NotNull(await keys.FindActiveAsync(created.Secret, Ct));
            seen.Add(await LastUsedAsync(db));
            clock.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.Equal([start.UtcDateTime, start.AddSeconds(65).UtcDateTime, start.AddSeconds(130).UtcDateTime], seen.Distinct());
    }
}
