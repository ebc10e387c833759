using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>Valid rows to start from; tests change what they test. Ids carry a per-test prefix.</summary>
public static class Rows
{
    public static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static Timestamp At(int dayOffset) => Timestamp.FromDateTimeOffset(Day.AddDays(dayOffset));

    public static Customer Customer(string id, string segment = "smb", string channel = "web") => new()
    {
        Id = id,
        Name = "Name of " + id,
        Email = id + "@example.com",
        Segment = segment,
        Channel = channel,
        AcquiredAt = At(0),
    };

    public static Transaction Purchase(string id, string customerId, long amountMinor = 1250, int day = 1) => new()
    {
        Id = id,
        CustomerId = customerId,
        OccurredAt = At(day),
        AmountMinor = amountMinor,
        Currency = "USD",
        Kind = TransactionKind.Purchase,
        SaleType = SaleType.Repeat,
    };

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
