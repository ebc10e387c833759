using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

public sealed class CustomerMetricsTests(SyntheticBookFixture book) : IClassFixture<SyntheticBookFixture>
{
    private MetricsService.MetricsServiceClient Client => book.Server.Metrics;

    private static async Task<List<StreamCustomerMetricsResponse>> ReadAllAsync(AsyncServerStreamingCall<StreamCustomerMetricsResponse> call)
    {
        using (call)
        {
            var messages = new List<StreamCustomerMetricsResponse>();
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                messages.Add(message);
            }

            return messages;
        }
    }

    [Fact]
    public async Task The_stream_sends_progress_first_and_last_and_every_customer_once_in_batches()
    {
        var messages = await ReadAllAsync(Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest { BatchSize = 100 }));

        var first = messages[0].Progress;
        Assert.Equal((0L, (long)SyntheticBookFixture.Customers), (first.Done, first.Total));
        var last = messages[^1].Progress;
        Assert.Equal(SyntheticBookFixture.Customers, last.Done);
        Assert.True(last.CustomersPerSecond > 0);
        var batches = messages.Where(m => m.PayloadCase == StreamCustomerMetricsResponse.PayloadOneofCase.Batch).Select(m => m.Batch.Customers.Count).ToList();
        Assert.Equal([100, 100, 50], batches);
        var ids = messages.Where(m => m.Batch is not null).SelectMany(m => m.Batch.Customers).Select(c => c.CustomerId).ToList();
        Assert.Equal(Enumerable.Range(0, SyntheticBookFixture.Customers).Select(SyntheticBookFixture.IdOf), ids);
    }

    [Fact]
    public async Task More_batches_than_the_server_keeps_in_flight_arrive_whole_and_in_order()
    {
        var messages = await ReadAllAsync(Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest { BatchSize = 7 }));

        var batches = messages.Where(m => m.Batch is not null).Select(m => m.Batch.Customers).ToList();
        Assert.All(batches[..^1], batch => Assert.Equal(7, batch.Count));
        Assert.Equal(SyntheticBookFixture.Customers % 7, batches[^1].Count);
        var ids = batches.SelectMany(batch => batch).Select(c => c.CustomerId);
        Assert.Equal(Enumerable.Range(0, SyntheticBookFixture.Customers).Select(SyntheticBookFixture.IdOf), ids);
    }

    [Fact]
    public async Task Streamed_metrics_equal_the_unary_ones_and_use_the_latest_model()
    {
        var streamed = (await ReadAllAsync(Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest
        {
            Filter = new CustomerFilter { CustomerIds = { "c-001", "c-004", "c-009" } },
        }))).Where(m => m.Batch is not null).SelectMany(m => m.Batch.Customers).ToList();

        Assert.Equal(["c-001", "c-004", "c-009"], streamed.Select(c => c.CustomerId));
        foreach (var customer in streamed)
        {
            var unary = await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = customer.CustomerId });
            // The unary response also echoes the churn definition (the stream sends it with its progress).
            Assert.Equal(0, unary.ChurnDefinition.InactivityDays);
            unary.ChurnDefinition = null;
            Assert.Equal(customer.ToByteString(), unary.ToByteString());
            Assert.Equal(book.Fit.ModelId, unary.ModelId);
        }
    }

    [Fact]
    public async Task A_customer_with_purchases_gets_predictions_rfm_and_health_in_range()
    {
        var m = await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "c-004", Horizon = 52 });

        Assert.InRange(m.ProbabilityAlive, 0, 1);
        Assert.True(m.ExpectedPurchases >= 0);
        Assert.True(m.ExpectedAverageValue > 0);
        Assert.True(m.PredictiveClv >= 0);
        Assert.Matches("^[1-5]{3}$", m.Rfm.Code);
        Assert.InRange(m.Health.Score, 0, 100);
        Assert.True(m.Health.HasUsage && m.Health.HasSatisfaction && m.Health.HasSupport); // c-004 has activity, a survey and a ticket
        Assert.Equal(1.0, m.Health.Weights.Usage + m.Health.Weights.Engagement + m.Health.Weights.Satisfaction + m.Health.Weights.Support, 1e-9);
        Assert.Empty(m.Unavailable);
    }

    [Fact]
    public async Task An_as_of_on_the_last_day_of_9999_is_answered_not_an_internal_error()
    {
        // Found by the fuzzer (Fuzzing/RpcFuzzTests): the end of the as-of day was year 10000, out of DateTimeOffset's range.
        var asOf = new Timestamp { Seconds = 253_402_300_799 };

        var m = await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "c-004", AsOf = asOf });
        var streamed = await ReadAllAsync(Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest
        {
            AsOf = asOf,
            Filter = new CustomerFilter { CustomerIds = { "c-004" } },
        }));

        Assert.Equal("c-004", m.CustomerId);
        Assert.False(m.Churn.Churned && m.Churn.ChurnedAt is null);
        Assert.Equal("c-004", Assert.Single(streamed.Where(r => r.Batch is not null).SelectMany(r => r.Batch.Customers)).CustomerId);
    }

    [Fact]
    public async Task A_customer_without_purchases_has_no_predictions_and_says_why()
    {
        var m = await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "c-009" });

        Assert.Equal(0, m.HistoricalClv);
        Assert.False(m.HasProbabilityAlive);
        Assert.Null(m.Rfm);
        Assert.Contains(m.Unavailable, u => u.Metric == "probabilityAlive" && u.Reason.Contains("no purchase", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_weights_from_the_request_are_normalised_and_echoed()
    {
        var m = await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest
        {
            CustomerId = "c-004",
            HealthWeights = new HealthWeights { Usage = 3, Engagement = 1, Satisfaction = 0, Support = 0 },
        });

        Assert.Equal((0.75, 0.25, 0.0, 0.0), (m.Health.Weights.Usage, m.Health.Weights.Engagement, m.Health.Weights.Satisfaction, m.Health.Weights.Support));
        Assert.Equal((0.75 * m.Health.Usage) + (0.25 * m.Health.Engagement), m.Health.Score, 1e-9);
    }

    [Fact]
    public async Task Health_weights_near_the_largest_double_are_normalised_like_small_ones()
    {
        var m = await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest
        {
            CustomerId = "c-004",
            HealthWeights = new HealthWeights { Usage = 1.5e308, Engagement = 0.5e308, Satisfaction = 0, Support = 0 },
        });

        Assert.Equal((0.75, 0.25, 0.0, 0.0), (m.Health.Weights.Usage, m.Health.Weights.Engagement, m.Health.Weights.Satisfaction, m.Health.Weights.Support));
        Assert.Equal((0.75 * m.Health.Usage) + (0.25 * m.Health.Engagement), m.Health.Score, 1e-9);
    }

    [Fact]
    public async Task Filters_by_segment_and_channel_combine()
    {
        var messages = await ReadAllAsync(Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest
        {
            Filter = new CustomerFilter { Segment = "smb", Channel = "ads" },
        }));

        var ids = messages.Where(m => m.Batch is not null).SelectMany(m => m.Batch.Customers).Select(c => int.Parse(c.CustomerId[2..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, SyntheticBookFixture.Customers).Where(i => i % 2 == 0 && i % 3 == 0), ids);
        Assert.Equal(ids.Count, messages[0].Progress.Total);
    }

    [Fact]
    public async Task A_named_run_stores_one_result_per_customer()
    {
        await ReadAllAsync(Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest { RunName = "nightly", BatchSize = 64 }));

        await using var connection = await StoreUnderTest.OpenAsync(book.DatabasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(probability_alive) FROM metric_run_results r JOIN metric_runs m ON m.key = r.run_key WHERE m.name = 'nightly'";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(SyntheticBookFixture.Customers, reader.GetInt64(0));
        Assert.Equal(SyntheticBookFixture.Customers - (SyntheticBookFixture.Customers / 10), reader.GetInt64(1)); // every 10th never bought
    }

    [Fact]
    public async Task Cancelling_mid_stream_ends_the_call_and_the_server_stays_healthy()
    {
        using var cancel = new CancellationTokenSource();
        using var call = Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest { BatchSize = 1 }, cancellationToken: cancel.Token);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.NotNull(await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "c-001" }));
    }

    [Fact]
    public async Task A_deadline_stops_the_stream_with_deadline_exceeded()
    {
        using var call = Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest { BatchSize = 1 }, deadline: DateTime.UtcNow.AddMilliseconds(1));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                await Task.Delay(5);
            }
        });
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.NotNull(await Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "c-001" }));
    }

    [Fact]
    public async Task Bad_requests_name_their_field()
    {
        var batch = await FailsWith(StatusCode.InvalidArgument, () => ReadAllAsync(Client.StreamCustomerMetrics(new StreamCustomerMetricsRequest { BatchSize = 6000 })));
        Assert.Equal("batch_size", Assert.Single(FieldViolations(batch)).Field);
        var horizon = await FailsWith(StatusCode.InvalidArgument, () => Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "c-001", Horizon = -1 }).ResponseAsync);
        Assert.Equal("horizon", Assert.Single(FieldViolations(horizon)).Field);
        await FailsWith(StatusCode.NotFound, () => Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "nobody" }).ResponseAsync);
        await FailsWith(StatusCode.NotFound, () => Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "c-001", ModelId = "mdl_unknown" }).ResponseAsync);
        await FailsWith(StatusCode.InvalidArgument, () => Client.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "" }).ResponseAsync);
    }

    [Fact]
    public async Task Without_a_model_the_predictions_are_absent_with_a_reason_and_fitting_needs_data()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.File("empty.db"));
        await server.Customers.CreateCustomerAsync(new CreateCustomerRequest { Customer = Rows.Customer("solo") });
        await server.Transactions.RecordTransactionAsync(new RecordTransactionRequest { Transaction = Rows.Purchase("t-solo", "solo") });

        var m = await server.Metrics.GetCustomerMetricsAsync(new GetCustomerMetricsRequest { CustomerId = "solo" });
        Assert.Contains(m.Unavailable, u => u.Metric == "predictiveClv" && u.Reason.Contains("no model", StringComparison.Ordinal));
        Assert.Equal(12.5, m.HistoricalClv, 1e-9);

        var models = new ModelService.ModelServiceClient(server.Channel);
        var error = await FailsWith(StatusCode.FailedPrecondition, () => models.FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = Timestamp.FromDateTimeOffset(Rows.Day.AddDays(30)),
            TimeUnit = TimeUnit.Days,
        }).ResponseAsync);
        Assert.Contains("not enough data", error.Status.Detail, StringComparison.Ordinal);
        var invalid = await FailsWith(StatusCode.InvalidArgument, () => models.FitModelsAsync(new FitModelsRequest { PenalizerCoef = -1 }).ResponseAsync);
        Assert.Equal(["calibration_end", "time_unit", "penalizer_coef"], FieldViolations(invalid).Select(v => v.Field));
        var segments = await FailsWith(StatusCode.FailedPrecondition, () => server.Metrics.SegmentCustomersAsync(new SegmentCustomersRequest { Kind = SegmentationKind.AtRisk }).ResponseAsync);
        Assert.Contains("fit a model", segments.Status.Detail, StringComparison.Ordinal);
    }
}
