using OpsConsole.Ingestion;

namespace OpsConsole.Tests.Ingestion;

public sealed class EventKeysTests
{
    [Fact]
    public void For_CanonicalUuid_IsTheUuidItself()
    {
        var key = EventKeys.For("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f");

        Assert.Equal(Guid.Parse("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"), key);
    }

    [Theory]
    [InlineData("demo-1")]
    [InlineData("订单-42")]
    [InlineData("9F1C2D3E-4B5A-4C6D-8E7F-0A1B2C3D4E5F")]
    [InlineData("9f1c2d3e-4b5a-4c6d-7e7f-0a1b2c3d4e5f")]
    public void For_OtherIds_NeverLookLikeAnRfc4122Uuid(string eventId)
    {
        var key = EventKeys.For(eventId).ToString();

        // The variant digit of a hashed key is below 8, so no digest can equal a UUID that is its own key.
        Assert.InRange(key[19], '0', '7');
    }

    [Fact]
    public void For_SameId_GivesTheSameKeyEveryTime()
    {
        Assert.Equal(EventKeys.For("order-123"), EventKeys.For("order-123"));
        Assert.Equal(EventKeys.For("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"), new BehaviorEvent { EventId = "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f", LearnerId = "u-1" }.EventKey);
    }

    [Fact]
    public void For_IdsDifferingOnlyInCase_AreDifferentEvents()
    {
        Assert.NotEqual(EventKeys.For("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"), EventKeys.For("9F1C2D3E-4B5A-4C6D-8E7F-0A1B2C3D4E5F"));
        Assert.NotEqual(EventKeys.For("Order-1"), EventKeys.For("order-1"));
    }

    [Fact]
    public void For_ManyDistinctIds_GivesDistinctKeys()
    {
        var ids = Enumerable.Range(0, 100_000).Select(i => $"evt-{i}").Concat(Enumerable.Range(0, 100_000).Select(_ => Guid.NewGuid().ToString()));

        var keys = ids.Select(EventKeys.For).ToHashSet();

        Assert.Equal(200_000, keys.Count);
    }
}
