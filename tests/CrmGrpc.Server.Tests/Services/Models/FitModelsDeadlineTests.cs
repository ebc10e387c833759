using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit.Abstractions;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Models;

/// <summary>
/// A deadline stops the server's work on a fit, not only the client's wait (issue 13: a 1 s or 3 s deadline left the
/// fit running for 9 s). The server side is observed through ASP.NET Core's request activity, which stops when the
/// service method returns: grpc-dotnet answers DEADLINE_EXCEEDED at the deadline but runs the method to its end.
/// </summary>
public sealed class FitModelsDeadlineTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int Customers = 20_000;
    private static readonly DateTimeOffset CalibrationEnd = Rows.Day.AddDays(730);
    private readonly TempDirectory _directory = new();
    private readonly ConcurrentQueue<Activity> _requests = new();
    private ActivityListener? _listener;
    private InProcessServer? _server;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_directory.File("crm.db"));
        await LoadNoDropoutBookAsync(_server);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => _requests.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public async Task DisposeAsync()
    {
        _listener?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_server_stops_fitting_within_a_fraction_of_a_second_of_the_deadline()
    {
        var models = new ModelService.ModelServiceClient(_server!.Channel);
        var request = new FitModelsRequest { CalibrationEnd = Timestamp.FromDateTimeOffset(CalibrationEnd), TimeUnit = TimeUnit.Days };

        // How long the whole fit takes here (after a first one has warmed up), so that the deadline falls inside its work.
        await models.FitModelsAsync(request);
        var whole = Stopwatch.StartNew();
        await models.FitModelsAsync(request);
        whole.Stop();

        // A fit can be quicker than the one timed: each attempt gives it half the time of the last.
        DateTime deadline = default, ended = default;
        var budget = whole.Elapsed;
        for (var attempt = 0; attempt < 4 && ended == default; attempt++)
        {
            budget /= 2;
            _requests.Clear();
            deadline = DateTime.UtcNow + budget;
            try
            {
                await models.FitModelsAsync(request, deadline: deadline);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.DeadlineExceeded)
            {
                ended = await ServerSideEndAsync();
            }
        }

        Assert.True(ended != default, $"no deadline from {whole.Elapsed.TotalMilliseconds:F0} ms down to {budget.TotalMilliseconds:F0} ms fell inside the fit");
        var overrun = ended - deadline;
        output.WriteLine($"whole fit {whole.Elapsed.TotalMilliseconds:F0} ms, deadline after {budget.TotalMilliseconds:F0} ms, server method ended {overrun.TotalMilliseconds:F0} ms after it");
        // Measured 40–90 ms on 2 shared cores under a load of 12, about half of it before the server's token fires;
        // before issue 13 the optimiser ran on for seconds (this book: the rest of a fit of many seconds).
        Assert.True(overrun < TimeSpan.FromMilliseconds(250), $"the server worked on {overrun.TotalMilliseconds:F0} ms past the deadline (the whole fit takes {whole.Elapsed.TotalMilliseconds:F0} ms)");
    }

    /// <summary>
    /// When the FitModels request that ended in DEADLINE_EXCEEDED ended on the server (UTC; Grpc.AspNetCore tags the
    /// request's activity with the method and status, and no other test sets a deadline on a fit); waits up to a minute.
    /// </summary>
    private async Task<DateTime> ServerSideEndAsync()
    {
        for (var waited = 0; waited < 600; waited++)
        {
            foreach (var activity in _requests)
            {
                if (activity.GetTagItem("grpc.method") as string == "/crm.v1.ModelService/FitModels"
                    && Convert.ToString(activity.GetTagItem("grpc.status_code"), CultureInfo.InvariantCulture) == "4")
                {
                    return activity.StartTimeUtc + activity.Duration;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException("the server never ended the FitModels request");
    }

    /// <summary>Poisson buyers, ten purchases in two years on average, none dropping out, amounts varying.</summary>
    private static async Task LoadNoDropoutBookAsync(InProcessServer server)
    {
        var random = new Random(4);
        var customers = new List<ImportCustomersRequest> { new() };
        var transactions = new List<ImportTransactionsRequest> { new() };
        for (var i = 0; i < Customers; i++)
        {
            var id = $"dl-{i:D6}";
            var first = random.Next(0, 365);
            var customer = Rows.Customer(id);
            customer.AcquiredAt = Rows.At(first);
            if (customers[^1].Customers.Count == 5_000)
            {
                customers.Add(new ImportCustomersRequest());
            }

            customers[^1].Customers.Add(customer);
            var n = 0;
            for (double day = first; day < 730; day += -Math.Log(1 - random.NextDouble()) * 73)
            {
                if (transactions[^1].Transactions.Count == 5_000)
                {
                    transactions.Add(new ImportTransactionsRequest());
                }

                transactions[^1].Transactions.Add(Rows.Purchase($"{id}-{n++}", id, amountMinor: 1000 + random.Next(0, 4000), day: (int)day));
            }
        }

        await ImportAsync(server.Customers.ImportCustomers(), customers);
        var imported = await ImportAsync(server.Transactions.ImportTransactions(), transactions);
        Assert.Equal(0, imported.Rejected);
    }
}
