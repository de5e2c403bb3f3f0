using OpsConsole.Data;
using OpsConsole.Ingestion;
using OpsConsole.Web.Components.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace OpsConsole.Tests.Components.Admin;

public sealed class QuarantineQueriesTests : IDisposable
{
    private static readonly DateTime May1 = new(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new();
    private readonly QuarantineQueries _queries;

    public QuarantineQueriesTests()
    {
        _queries = new QuarantineQueries(_database.Factory);
        using var db = new OpsDbContext(_database.Options);
        db.Quarantine.AddRange(
            Record(1, May1.AddHours(1), "event", "api", "type", "'teleport' is not a known event type", """{"type":"teleport"}"""),
            Record(2, May1.AddHours(30), "event", "import:may.csv", "occurredAt", "must be an ISO-8601 timestamp", """{"occurredAt":"yesterday"}"""),
            Record(3, May1.AddHours(50), "learner", "api", "id", "is required", null),
            Record(4, May1.AddHours(52), "catalog", "api", "price", "must not be negative, \"-5\" given", """{"price":-5,"title":"=SUM(A1)"}"""));
        db.SaveChanges();
    }

    private static QuarantinedRecord Record(int index, DateTime at, string kind, string source, string field, string reason, string? payload) => new()
    {
        ReceivedAt = at, Kind = kind, Source = source, Index = index, RecordId = $"r-{index}", Field = field, Reason = reason, Payload = payload,
    };

    private async Task<int[]> Indexes(QuarantinePageRequest request) =>
        [.. (await _queries.GetPageAsync(request, Xunit.TestContext.Current.CancellationToken)).Items.Select(q => q.Index)];

    [Fact]
    public async Task GetPageAsync_NoFilter_ReturnsNewestFirstWithTotal()
    {
        var page = await _queries.GetPageAsync(new QuarantinePageRequest(QuarantineFilter.None, PageSize: 3), Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(4, page.TotalCount);
        Assert.Equal([4, 3, 2], page.Items.Select(q => q.Index));
    }

    [Fact]
    public async Task GetPageAsync_SecondPage_SkipsTheFirst()
    {
        var indexes = await Indexes(new QuarantinePageRequest(QuarantineFilter.None, Page: 1, PageSize: 3));

        Assert.Equal([1], indexes);
    }

    [Theory]
    [InlineData("event", null, null, new[] { 2, 1 })]
    [InlineData(null, "api", null, new[] { 4, 3, 1 })]
    [InlineData(null, null, "occurredAt", new[] { 2 })]
    [InlineData("learner", "api", "id", new[] { 3 })]
    public async Task GetPageAsync_KindSourceField_MatchExactly(string? kind, string? source, string? field, int[] expected) =>
        Assert.Equal(expected, await Indexes(new QuarantinePageRequest(new QuarantineFilter(kind, source, field))));

    [Theory]
    [InlineData("TELEPORT", new[] { 1 })]
    [InlineData("r-3", new[] { 3 })]
    [InlineData("yesterday", new[] { 2 })]
    [InlineData("nothing like it", new int[0])]
    public async Task GetPageAsync_Text_SearchesReasonRecordIdAndPayloadIgnoringCase(string text, int[] expected) =>
        Assert.Equal(expected, await Indexes(new QuarantinePageRequest(new QuarantineFilter(Text: text))));

    [Fact]
    public async Task GetPageAsync_DateRange_IsHalfOpen()
    {
        var filter = new QuarantineFilter(FromUtc: May1.AddDays(1), ToUtc: May1.AddHours(50));

        var indexes = await Indexes(new QuarantinePageRequest(filter));

        Assert.Equal([2], indexes);
    }

    [Fact]
    public async Task GetPageAsync_SortByKindAscending_OrdersByKindThenId()
    {
        var indexes = await Indexes(new QuarantinePageRequest(QuarantineFilter.None, SortBy: QuarantineSort.Kind, Descending: false));

        Assert.Equal([4, 1, 2, 3], indexes);
    }

    [Fact]
    public async Task GetFacetsAsync_Quarantine_ListsDistinctValuesInOrder()
    {
        var facets = await _queries.GetFacetsAsync(Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(["catalog", "event", "learner"], facets.Kinds);
        Assert.Equal(["api", "import:may.csv"], facets.Sources);
        Assert.Equal(["id", "occurredAt", "price", "type"], facets.Fields);
    }

    [Fact]
    public async Task WriteCsvAsync_Filter_WritesMatchingRowsQuotedAndDefusedForSpreadsheets()
    {
        var csv = new StringWriter();

        await _queries.WriteCsvAsync(new QuarantineFilter(Kind: "catalog"), csv, Xunit.TestContext.Current.CancellationToken);

        var lines = csv.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("received_at_utc,kind,source,index,record_id,field,reason,payload", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Equal("""2026-05-03T04:00:00Z,catalog,api,4,r-4,price,"must not be negative, ""-5"" given","{""price"":-5,""title"":""=SUM(A1)""}" """.TrimEnd(), lines[1]);
    }

    [Fact]
    public async Task WriteCsvAsync_FormulaLikeValue_IsPrefixedSoSpreadsheetsShowItAsText()
    {
        using (var db = new OpsDbContext(_database.Options))
        {
            db.Quarantine.Add(Record(9, May1, "event", "=cmd|' /C calc'!A0", "type", "-bad", null));
            await db.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }
        var csv = new StringWriter();

        await _queries.WriteCsvAsync(new QuarantineFilter(Field: "type", Text: "-bad"), csv, Xunit.TestContext.Current.CancellationToken);

        Assert.Contains(",'=cmd|' /C calc'!A0,9,r-9,type,'-bad,", csv.ToString());
    }

    [Fact]
    public void ExportUrl_Filter_RoundTripsThroughTheQueryString()
    {
        var filter = QuarantineView.WithDays(new QuarantineFilter("event", "api", "type", "tele port"), new DateTime(2026, 5, 1), new DateTime(2026, 5, 3));

        var url = QuarantineView.ExportUrl(filter);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + url).Query);

        Assert.StartsWith(QuarantineView.ExportPath + "?", url);
        Assert.Equal(filter, QuarantineView.FromQuery(new QueryCollection(query)));
        Assert.Equal(new DateTime(2026, 5, 4, 0, 0, 0, DateTimeKind.Utc), filter.ToUtc);
    }

    public void Dispose() => _database.Dispose();
}
