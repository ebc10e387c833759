using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>
/// FitModels against the defects of issue 13: calibration ends outside the timestamp rule (INTERNAL before), a book
/// whose buyers never drop out and always spend the same (garbage reported as converged before).
/// </summary>
public sealed class FitModelsHardeningTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const int Customers = 200;
    private static readonly DateTimeOffset CalibrationEnd = Rows.Day.AddDays(730);

    private ModelService.ModelServiceClient Models => new(fixture.Server.Channel);

    public static TheoryData<long> OutOfRangeSeconds() => new()
    {
        253_402_300_799,                                                   // 9999-12-31T23:59:59Z
        1_000_000_000_000_000,                                             // 1e15 s, past what a Timestamp may hold
        new DateTimeOffset(1899, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
        DateTimeOffset.UtcNow.AddDays(2).ToUnixTimeSeconds(),
    };

    [Theory]
    [MemberData(nameof(OutOfRangeSeconds))]
    public async Task A_calibration_end_before_1900_or_after_tomorrow_is_INVALID_ARGUMENT_naming_the_field(long seconds)
    {
        var request = new FitModelsRequest { CalibrationEnd = new Timestamp { Seconds = seconds }, TimeUnit = TimeUnit.Days };

        var exception = await FailsWith(StatusCode.InvalidArgument, () => Models.FitModelsAsync(request).ResponseAsync);

        Assert.Contains(FieldViolations(exception), v => v.Field == "calibration_end");
    }

    [Fact]
    public async Task A_book_without_dropout_and_constant_spend_names_the_limits_instead_of_reporting_garbage()
    {
        await LoadNoDropoutBookAsync();

        var response = await Models.FitModelsAsync(new FitModelsRequest { CalibrationEnd = Timestamp.FromDateTimeOffset(CalibrationEnd), TimeUnit = TimeUnit.Days });

        var warnings = response.Model.Warnings;
        Assert.Contains(warnings, w => w.StartsWith("BG/NBD:", StringComparison.Ordinal) && w.Contains("no evidence of customers dropping out", StringComparison.Ordinal));
        Assert.Empty(response.BgNbd.StandardErrors);
        Assert.True(double.IsFinite(response.BgNbd.LogLikelihood) && response.BgNbd.LogLikelihood < 0);
        Assert.Null(response.GammaGamma);
        Assert.Contains(warnings, w => w.StartsWith("Gamma-Gamma not fitted:", StringComparison.Ordinal) && w.Contains("not gamma-shaped", StringComparison.Ordinal));
    }

    /// <summary>Poisson buyers, ten purchases in two years on average, none dropping out, every purchase $25.00.</summary>
    private async Task LoadNoDropoutBookAsync()
    {
        var random = new Random(13);
        var customers = new ImportCustomersRequest();
        var transactions = new ImportTransactionsRequest();
        for (var i = 0; i < Customers; i++)
        {
            var id = $"nd-{i:D4}";
            var first = random.Next(0, 365);
            var customer = Rows.Customer(id);
            customer.AcquiredAt = Rows.At(first);
            customers.Customers.Add(customer);
            var n = 0;
            for (double day = first; day < 730; day += -Math.Log(1 - random.NextDouble()) * 73)
            {
                transactions.Transactions.Add(Rows.Purchase($"{id}-{n++}", id, amountMinor: 2500, day: (int)day));
            }
        }

        await ImportAsync(fixture.Server.Customers.ImportCustomers(), [customers]);
        var imported = await ImportAsync(fixture.Server.Transactions.ImportTransactions(), [transactions]);
        Assert.Equal(0, imported.Rejected);
    }
}
