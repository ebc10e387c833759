using CrmGrpc.Domain.Errors;

namespace CrmGrpc.Domain.Tests.Errors;

public class FieldViolationTests
{
    [Fact]
    public void Reason_defaults_to_InvalidField()
    {
        Assert.Equal(RejectionReason.InvalidField, new FieldViolation("f", "d").Reason);
    }

    [Fact]
    public void Under_prefixes_the_field_and_keeps_the_rest()
    {
        var violation = new FieldViolation("amount_minor", "must be positive, was 0", RejectionReason.BadAmount);

        Assert.Equal(
            new FieldViolation("transaction.amount_minor", "must be positive, was 0", RejectionReason.BadAmount),
            violation.Under("transaction."));
    }

    [Fact]
    public void RejectionReason_codes_equal_the_contracts_RejectionCode_numbers()
    {
        // Stored in ingest_rejections.code and cast straight to crm.v1.RejectionCode.
        Assert.Equal(1, (int)RejectionReason.InvalidField);
        Assert.Equal(2, (int)RejectionReason.UnknownCustomer);
        Assert.Equal(3, (int)RejectionReason.Conflict);
        Assert.Equal(4, (int)RejectionReason.BadAmount);
        Assert.Equal(5, (int)RejectionReason.BadCurrency);
        Assert.Equal(6, (int)RejectionReason.BadTimestamp);
    }
}
