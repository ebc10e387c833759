using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Domain.Tests.Entities;

public class TransactionTests
{
    [Fact]
    public void RevenueMinor_of_a_purchase_is_its_amount()
    {
        Assert.Equal(12_345, Samples.Transaction().RevenueMinor);
    }

    [Fact]
    public void RevenueMinor_of_a_refund_is_negative()
    {
        var refund = Samples.Transaction() with { Kind = TransactionKind.Refund, AmountMinor = 2_500 };

        Assert.Equal(-2_500, refund.RevenueMinor);
    }

    [Fact]
    public void Enum_values_match_the_stored_codes()
    {
        Assert.Equal(1, (int)TransactionKind.Purchase);
        Assert.Equal(2, (int)TransactionKind.Refund);
        Assert.Equal([0, 1, 2, 3, 4], Enum.GetValues<SaleType>().Select(v => (int)v));
    }
}
