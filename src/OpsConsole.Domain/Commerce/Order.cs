namespace OpsConsole.Commerce;

/// <summary>A paid order. Its id is the id of the purchase event that recorded it.</summary>
public sealed class Order
{
    public required string Id { get; set; }
    public required string LearnerId { get; set; }
    public string? ItemId { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "CNY";
    public DateTime PlacedAt { get; set; }
    public string? Coupon { get; set; }
    public List<Refund> Refunds { get; set; } = [];
}

public sealed class Refund
{
    public required string Id { get; set; }
    public required string OrderId { get; set; }
    public decimal Amount { get; set; }
    public DateTime RefundedAt { get; set; }
    public string? Reason { get; set; }
}
