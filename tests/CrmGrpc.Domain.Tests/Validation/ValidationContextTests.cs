using CrmGrpc.Domain.Validation;

namespace CrmGrpc.Domain.Tests.Validation;

public class ValidationContextTests
{
    [Fact]
    public void LatestPlausible_is_one_day_after_now()
    {
        var context = new ValidationContext("USD", new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.Zero), context.LatestPlausible);
    }

    [Fact]
    public void EarliestPlausible_is_1900_utc()
    {
        Assert.Equal(new DateTimeOffset(1900, 1, 1, 0, 0, 0, TimeSpan.Zero), ValidationContext.EarliestPlausible);
        Assert.Equal(TimeSpan.Zero, ValidationContext.EarliestPlausible.Offset);
    }
}
