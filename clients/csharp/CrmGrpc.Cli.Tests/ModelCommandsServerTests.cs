using System.Globalization;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Modeling;
using CrmGrpc.Server.Hosting;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using TimeUnit = CrmGrpc.Contracts.V1.TimeUnit;

namespace CrmGrpc.Cli.Tests;

/// <summary>
/// The real server in process on 127.0.0.1 port 0 over a book simulated from BG/NBD (r 0.25, α 4, a 0.8, b 2.5 per week)
/// with Gamma-Gamma spend: 300 customers acquired in the first 8 weeks of 2024, watched for 52 weeks, so that a fit to
/// week 26 has a 26-week holdout.
/// </summary>
public sealed class SimulatedBookServerFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Inclusive: the last day of week 26.</summary>
    public static readonly DateTimeOffset CalibrationEnd = Start.AddDays((26 * 7) - 1);

    /// <summary>Inclusive: the last day of week 52.</summary>
    public static readonly DateTimeOffset HoldoutEnd = Start.AddDays((52 * 7) - 1);

    private readonly string _directory = Directory.CreateTempSubdirectory("crm-models-").FullName;
    private WebApplication? _app;

    public string Address { get; private set; } = "";

    public GrpcChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = CrmServerApp.Build(["--urls", "http://127.0.0.1:0", "--web-urls", "none", "--db", Path.Combine(_directory, "crm.db"), "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
        Address = _app.Urls.Single();
        Channel = GrpcChannel.ForAddress(Address);
        await LoadBookAsync();
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task LoadBookAsync()
    {
        const double weeks = 52;
        var simulated = BookSimulator.Simulate(new BookSimulationSettings(new BgNbdParameters(0.25, 4, 0.8, 2.5), 300, weeks)
        {
            Spend = new GammaGammaParameters(6, 4, 15),
            AcquisitionWindow = 8,
            Seed = 17,
        });
        var customers = new ImportCustomersRequest();
        var transactions = new ImportTransactionsRequest();
        for (var i = 0; i < simulated.Length; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"sim-{i:D4}");
            var acquired = weeks - simulated[i].Summary.Age;
            DateTimeOffset At(double week) => Start.AddDays(Math.Floor((acquired + week) * 7));
            customers.Customers.Add(new Customer { Id = id, Segment = "sim", Channel = "web", AcquiredAt = Timestamp.FromDateTimeOffset(At(0)) });
            for (var k = 0; k < simulated[i].PurchaseTimes.Count; k++)
            {
                transactions.Transactions.Add(new Transaction
                {
                    Id = $"{id}-{k}",
                    CustomerId = id,
                    AmountMinor = Math.Max(1, (long)Math.Round(simulated[i].PurchaseAmounts[k] * 100)),
                    Currency = "USD",
                    Kind = TransactionKind.Purchase,
                    SaleType = SaleType.New,
                    OccurredAt = Timestamp.FromDateTimeOffset(At(simulated[i].PurchaseTimes[k])),
                });
            }
        }

        using (var call = new CustomerService.CustomerServiceClient(Channel).ImportCustomers())
        {
            await call.RequestStream.WriteAsync(customers);
            await call.RequestStream.CompleteAsync();
            Assert.Equal(0, (await call.ResponseAsync).Rejected);
        }

        using (var call = new TransactionService.TransactionServiceClient(Channel).ImportTransactions())
        {
            await call.RequestStream.WriteAsync(transactions);
            await call.RequestStream.CompleteAsync();
            Assert.Equal(0, (await call.ResponseAsync).Rejected);
        }
    }
}

/// <summary><c>crm fit --models … --holdout-end …</c> and <c>crm models create|get|list</c>: the crm program against the real server.</summary>
public sealed class ModelCommandsServerTests(SimulatedBookServerFixture server) : IClassFixture<SimulatedBookServerFixture>
{
    private static string Day(DateTimeOffset day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string[] FitArgs(params string[] more) =>
        ["fit", "--server", server.Address, "--calibration-end", Day(SimulatedBookServerFixture.CalibrationEnd),
            "--holdout-end", Day(SimulatedBookServerFixture.HoldoutEnd), "--models", "bg-nbd,gamma-gamma", .. more];

    private ModelService.ModelServiceClient Models => new(server.Channel);

    [Fact]
    public async Task A_fit_of_two_models_with_a_holdout_prints_both_rows_and_the_tracking_series()
    {
        var run = await CrmProcess.RunAsync(FitArgs());

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = run.Lines.Single(l => l.StartsWith("model_id", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var stored = (await Models.GetModelAsync(new GetModelRequest { ModelId = id })).Model;
        Assert.Equal([ModelKind.BgNbd, ModelKind.GammaGamma], stored.Fits.Select(f => f.Kind));
        var bg = stored.Fits[0];
        var holdout = bg.Holdout;

        // One row per model: BG/NBD with its estimate ± standard error, LL, AIC, BIC and its holdout numbers; Gamma-Gamma without.
        var bgRow = run.Lines.Single(l => l.StartsWith("bg-nbd ", StringComparison.Ordinal));
        Assert.Contains($"r={Numbers.Precise(bg.Parameters["r"])} ± ", bgRow, StringComparison.Ordinal);
        Assert.Equal(
            [Numbers.Format(bg.LogLikelihood), Numbers.Format(bg.Aic), Numbers.Format(bg.Bic), bg.Converged ? "yes" : "no"],
            Cells(bgRow).Skip(2).Take(4));
        Assert.Equal(
            [Numbers.Format(holdout.ActualRepeatPurchases), Numbers.Format(holdout.PredictedRepeatPurchases), Numbers.Format(holdout.MeanAbsoluteError), Numbers.Format(holdout.RootMeanSquaredError)],
            Cells(bgRow)[^4..]);
        Assert.Contains(run.Lines, l => l.StartsWith("alpha=", StringComparison.Ordinal));
        var ggRow = run.Lines.Single(l => l.StartsWith("gamma-gamma ", StringComparison.Ordinal));
        Assert.Contains($"p={Numbers.Precise(stored.Fits[1].Parameters["p"])}", ggRow, StringComparison.Ordinal);
        Assert.Equal([Numbers.Absent, Numbers.Absent, Numbers.Absent, Numbers.Absent], Cells(ggRow)[^4..]);

        // The tracking series: 52 weekly rows and more are thinned with a note; the holdout's last unit is its last row.
        Assert.Contains(run.Lines, l => l.StartsWith("Tracking", StringComparison.Ordinal));
        Assert.True(holdout.Tracking.Count > FitComparisonView.MaxTrackingRows, $"{holdout.Tracking.Count} tracking points");
        Assert.Contains(run.Lines, l => l.StartsWith($"showing ", StringComparison.Ordinal) && l.Contains($" of {holdout.Tracking.Count} rows", StringComparison.Ordinal));
        var last = holdout.Tracking[^1];
        var lastRow = run.Lines.Single(l => l.StartsWith(Numbers.Date(last.End), StringComparison.Ordinal));
        Assert.Equal([Numbers.Date(last.End), "holdout", Numbers.Format(last.ActualCumulative), Numbers.Format(last.PredictedCumulative)], Cells(lastRow));
        Assert.Equal(Day(SimulatedBookServerFixture.HoldoutEnd.AddDays(1)), Numbers.Date(last.End));
        Assert.Contains(run.Lines, l => Cells(l) is [_, "calibration", ..]);
    }

    [Fact]
    public async Task Json_prints_the_whole_response_that_parses_back_to_the_stored_fit()
    {
        var run = await CrmProcess.RunAsync(FitArgs("--json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var response = JsonParser.Default.Parse<FitModelsResponse>(Assert.Single(run.Lines));
        var stored = (await Models.GetModelAsync(new GetModelRequest { ModelId = response.ModelId })).Model;
        Assert.Equal(stored, response.Model);
        Assert.Equal(stored.Fits, response.Fits);
        // Every tracking point is in the JSON, not the table's subset.
        var ends = response.Model.Fits[0].Holdout.Tracking.Select(p => p.End.ToDateTimeOffset()).ToList();
        Assert.True(ends.Count > FitComparisonView.MaxTrackingRows, $"{ends.Count} tracking points");
        Assert.All(ends.Zip(ends.Skip(1)), pair => Assert.InRange((pair.Second - pair.First).TotalDays, 1, 7));
        Assert.Equal(SimulatedBookServerFixture.HoldoutEnd.AddDays(1), ends[^1]);
        Assert.Equal(Timestamp.FromDateTimeOffset(SimulatedBookServerFixture.HoldoutEnd), response.Model.HoldoutEnd);
    }

    [Fact]
    public async Task Models_created_from_given_parameters_print_the_stored_model_and_show_in_get_and_list()
    {
        var created = await CrmProcess.RunAsync("models", "create", "--server", server.Address, "--kind", "bg-nbd",
            "--param", "r=0.243", "--param", "alpha=4.414", "--params", "a=0.793,b=2.426", "--spend", "p=6.25,q=3.74,gamma=15.44",
            "--unit", "weeks", "--calibration-end", "1997-09-30", "--segment", "cdnow", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        var model = JsonParser.Default.Parse<Model>(Assert.Single(created.Lines));
        Assert.Equal([ModelKind.BgNbd, ModelKind.GammaGamma], model.Fits.Select(f => f.Kind));
        Assert.Equal(new Dictionary<string, double> { ["r"] = 0.243, ["alpha"] = 4.414, ["a"] = 0.793, ["b"] = 2.426 }, model.Fits[0].Parameters);
        Assert.Equal(new Dictionary<string, double> { ["p"] = 6.25, ["q"] = 3.74, ["gamma"] = 15.44 }, model.Fits[1].Parameters);
        Assert.All(model.Fits, f => Assert.True(f.Created));
        Assert.Equal((TimeUnit.Weeks, "cdnow"), (model.TimeUnit, model.Segment));

        var get = await CrmProcess.RunAsync("models", "get", model.Id, "--server", server.Address);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal(["bg-nbd", "r=0.243", Numbers.Absent, Numbers.Absent, Numbers.Absent, "given", Numbers.Absent, Numbers.Absent],
            Cells(get.Lines.Single(l => l.StartsWith("bg-nbd ", StringComparison.Ordinal))));
        Assert.Contains("b=2.426", get.Lines);
        // Nothing was fitted: the summary says so instead of showing 0 customers and 0 seconds.
        Assert.Contains(get.Lines, l => l.StartsWith("parameters ", StringComparison.Ordinal) && l.EndsWith("given by CreateModel, not fitted here", StringComparison.Ordinal));
        Assert.DoesNotContain(get.Lines, l => l.StartsWith("customers ", StringComparison.Ordinal) || l.StartsWith("fit_seconds ", StringComparison.Ordinal));
        Assert.Contains(get.Lines, l => l.StartsWith("gamma-gamma ", StringComparison.Ordinal) && l.Contains("p=6.25", StringComparison.Ordinal));

        var list = await CrmProcess.RunAsync("models", "list", "--server", server.Address, "--page-size", "100");
        Assert.True(list.ExitCode == 0, list.ToString());
        var row = list.Lines.Single(l => l.StartsWith(model.Id, StringComparison.Ordinal));
        Assert.Equal(["cdnow", "bg-nbd,gamma-gamma", Numbers.Absent, Numbers.Absent, "given", Numbers.Absent, "1"], Cells(row)[^7..]);
    }

    [Theory]
    [InlineData("model.parameters.r", "--params", "r=-0.5,alpha=4.414,a=0.793,b=2.426")]
    [InlineData("model.parameters.b", "--params", "r=0.243,alpha=4.414,a=0.793,b=NaN")]
    [InlineData("model.parameters.s", "--params", "r=0.243,alpha=4.414,a=0.793,b=2.426,s=1")]
    [InlineData("model.parameters.b", "--params", "r=0.243,alpha=4.414,a=0.793")]
    [InlineData("model.spend_parameters.gamma", "--params", "r=0.243,alpha=4.414,a=0.793,b=2.426", "--spend", "p=6.25,q=3.74")]
    public async Task Bad_parameters_exit_1_with_INVALID_ARGUMENT_naming_the_field(string field, params string[] parameters)
    {
        var run = await CrmProcess.RunAsync(["models", "create", "--server", server.Address, "--kind", "bg-nbd", .. parameters,
            "--unit", "weeks", "--calibration-end", "1997-09-30"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: INVALID_ARGUMENT", run.Error, StringComparison.Ordinal);
        Assert.Contains(run.Error.Split('\n'), l => l.Trim().StartsWith(field + " ", StringComparison.Ordinal));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task A_holdout_end_not_after_the_calibration_end_is_the_servers_INVALID_ARGUMENT_on_holdout_end()
    {
        var run = await CrmProcess.RunAsync("fit", "--server", server.Address, "--calibration-end", "2024-06-29", "--holdout-end", "2024-06-29");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(run.Error.Split('\n'), l => l.Trim().StartsWith("holdout_end ", StringComparison.Ordinal));
    }

    private async Task<string> CreateBgNbdAsync()
    {
        var given = new ModelParameters
        {
            Kind = ModelKind.BgNbd,
            TimeUnit = TimeUnit.Weeks,
            CalibrationEnd = Timestamp.FromDateTimeOffset(SimulatedBookServerFixture.CalibrationEnd),
            Parameters = { ["r"] = 0.243, ["alpha"] = 4.414, ["a"] = 0.793, ["b"] = 2.426 },
        };
        return (await Models.CreateModelAsync(new CreateModelRequest { Model = given })).Model.Id;
    }

    [Fact]
    public async Task A_prediction_grid_prints_as_csv_one_record_per_frequency_and_recency_with_the_servers_numbers()
    {
        var id = await CreateBgNbdAsync();

        var run = await CrmProcess.RunAsync("models", "grid", id, "--server", server.Address,
            "--max-frequency", "3", "--recency-steps", "4", "--age", "26", "--horizon", "52");

        Assert.True(run.ExitCode == 0, run.ToString());
        var expected = await Models.GetPredictionGridAsync(new GetPredictionGridRequest
        {
            ModelId = id, MaxFrequency = 3, RecencySteps = 4, Age = 26, Horizon = 52,
        });
        Assert.Equal(PredictionGridCsv.Header, run.Lines[0]);
        Assert.Equal(1 + (4 * 5), run.Lines.Length);
        var records = run.Lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(
            expected.Rows.SelectMany(row => expected.Recencies.Select((recency, j) => (row.Frequency, recency, row.ProbabilityAlive[j], row.ExpectedPurchases[j]))),
            records.Select(r => (int.Parse(r[0], CultureInfo.InvariantCulture), double.Parse(r[1], CultureInfo.InvariantCulture),
                double.Parse(r[2], CultureInfo.InvariantCulture), double.Parse(r[3], CultureInfo.InvariantCulture))));
        Assert.Equal([0, 26 / 4.0, 26 / 2.0, 26 * 3 / 4.0, 26], expected.Recencies);
        // What the grid is goes to stderr, so that stdout is the CSV alone.
        Assert.Contains($"model {id} (bg-nbd, weeks): age 26, horizon 52; 4 frequencies × 5 recencies", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prediction_grid_with_json_is_the_whole_response_and_an_unknown_model_is_NOT_FOUND()
    {
        var id = await CreateBgNbdAsync();

        var json = await CrmProcess.RunAsync("models", "grid", id, "--server", server.Address, "--json");
        var unknown = await CrmProcess.RunAsync("models", "grid", "mdl_none", "--server", server.Address);
        var zero = await CrmProcess.RunAsync("models", "grid", id, "--server", server.Address, "--max-frequency", "0");

        Assert.True(json.ExitCode == 0, json.ToString());
        var response = JsonParser.Default.Parse<GetPredictionGridResponse>(Assert.Single(json.Lines));
        Assert.Equal(await Models.GetPredictionGridAsync(new GetPredictionGridRequest { ModelId = id }), response);
        Assert.Equal(21, response.Rows.Count);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("NOT_FOUND", unknown.Error, StringComparison.Ordinal);
        Assert.Empty(unknown.Output);
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("--max-frequency must be positive", zero.Error, StringComparison.Ordinal);
    }

    /// <summary>The cells of a table line (Spectre's simple border separates them by runs of spaces; no cell here has two in a row).</summary>
    private static string[] Cells(string line) =>
        line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
