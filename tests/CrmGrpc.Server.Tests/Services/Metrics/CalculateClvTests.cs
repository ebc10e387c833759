using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

public sealed class CalculateClvTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private MetricsService.MetricsServiceClient Client => fixture.Server.Metrics;

    [Fact]
    public async Task The_seed_example_100_dollars_4_a_year_for_5_years_is_2000_with_every_input_echoed()
    {
        var request = new CalculateClvRequest { AveragePurchaseValue = 100, PurchasesPerYear = 4, LifespanYears = 5 };

        var response = await Client.CalculateClvAsync(request);

        Assert.Equal(2000, response.Clv, 1e-9);
        Assert.Equal(400, response.AnnualValue, 1e-9);
        Assert.Equal((100.0, 4.0, 5.0, 1.0, 0.0), (response.Inputs.AveragePurchaseValue, response.Inputs.PurchasesPerYear,
            response.Inputs.LifespanYears, response.Inputs.Margin, response.Inputs.AnnualDiscountRate));
        Assert.False(string.IsNullOrEmpty(response.Method));
    }

    [Fact]
    public async Task Margin_and_discounting_use_the_annuity_of_the_annual_margin()
    {
        var response = await Client.CalculateClvAsync(new CalculateClvRequest
        {
            AveragePurchaseValue = 100, PurchasesPerYear = 4, LifespanYears = 5, Margin = 0.3, AnnualDiscountRate = 0.1,
        });

        var annual = 100 * 4 * 0.3;                                   // 120 a year
        Assert.Equal(annual * (1 - Math.Pow(1.1, -5)) / 0.1, response.Clv, 1e-9); // 120 × 3.790787 = 454.89
    }

    [Fact]
    public async Task Retention_based_clv_is_m_r_over_1_plus_d_minus_r()
    {
        var response = await Client.CalculateClvAsync(new CalculateClvRequest
        {
            AveragePurchaseValue = 50, PurchasesPerYear = 6, RetentionRate = 0.8, AnnualDiscountRate = 0.1, Margin = 0.5,
        });

        Assert.Equal(150 * 0.8 / (1 + 0.1 - 0.8), response.Clv, 1e-9); // m = 50 × 6 × 0.5 = 150 → 400
    }

    [Fact]
    public async Task Negative_non_finite_and_inconsistent_inputs_name_each_field()
    {
        var error = await FailsWith(StatusCode.InvalidArgument, () => Client.CalculateClvAsync(new CalculateClvRequest
        {
            AveragePurchaseValue = -1, PurchasesPerYear = double.NaN, Margin = 1.5, RetentionRate = 1, LifespanYears = double.PositiveInfinity,
        }).ResponseAsync);

        Assert.Equal(
            ["average_purchase_value", "purchases_per_year", "lifespan_years", "margin", "retention_rate", "lifespan_years"],
            FieldViolations(error).Select(v => v.Field));
    }

    [Fact]
    public async Task Neither_lifespan_nor_retention_is_invalid()
    {
        var error = await FailsWith(StatusCode.InvalidArgument,
            () => Client.CalculateClvAsync(new CalculateClvRequest { AveragePurchaseValue = 1, PurchasesPerYear = 1 }).ResponseAsync);
        Assert.Equal("lifespan_years", Assert.Single(FieldViolations(error)).Field);
    }

    public static TheoryData<CalculateClvRequest, string> Overflowing => new()
    {
        { new CalculateClvRequest { AveragePurchaseValue = 1e308, PurchasesPerYear = 1e308, LifespanYears = 1 }, "lifespan_years" },
        { new CalculateClvRequest { AveragePurchaseValue = 1e308, PurchasesPerYear = 10, LifespanYears = 1e300 }, "lifespan_years" },
        { new CalculateClvRequest { AveragePurchaseValue = 1e308, PurchasesPerYear = 1e308, LifespanYears = 5, AnnualDiscountRate = 0.1 }, "lifespan_years" },
        { new CalculateClvRequest { AveragePurchaseValue = 1e308, PurchasesPerYear = 1e308, RetentionRate = 0.5 }, "retention_rate" },
    };

    [Theory]
    [MemberData(nameof(Overflowing))]
    public async Task Inputs_whose_clv_is_beyond_a_double_are_invalid_argument_naming_them(CalculateClvRequest request, string period)
    {
        var error = await FailsWith(StatusCode.InvalidArgument, () => Client.CalculateClvAsync(request).ResponseAsync);

        var violations = FieldViolations(error);
        Assert.Equal(["average_purchase_value", "purchases_per_year", period], violations.Select(v => v.Field));
        Assert.Contains("beyond the largest finite number", violations[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_margin_gives_zero_even_beside_huge_factors()
    {
        var response = await Client.CalculateClvAsync(new CalculateClvRequest
        {
            AveragePurchaseValue = 1e308, PurchasesPerYear = 1e308, Margin = 0, LifespanYears = 5,
        });

        Assert.Equal((0.0, 0.0), (response.Clv, response.AnnualValue));
    }
}
