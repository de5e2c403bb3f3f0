using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Segments;

namespace OpsConsole.IntegrationTests.Analytics;

internal static class JourneyFixtures
{
    public static DateTime Sh(int month, int day, int hour, int minute = 0, int second = 0, int year = 2026) => new(year, month, day, hour, minute, second);

    /// <summary>A static segment of the given learners, stored the way the segment service stores members.</summary>
    public static async Task<int> SegmentAsync(TestDatabase database, params string[] learners)
    {
        await using var db = await database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var segment = new Segment { Name = $"s-{Guid.NewGuid():N}", Kind = SegmentKind.Static, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Segments.Add(segment);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        db.SegmentMembers.AddRange(learners.Select(l => new SegmentMember { SegmentId = segment.Id, LearnerId = l }));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return segment.Id;
    }
}
