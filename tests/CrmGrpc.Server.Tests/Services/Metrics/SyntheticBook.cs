using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using static CrmGrpc.Server.Tests.Infrastructure.Streams;

namespace CrmGrpc.Server.Tests.Services.Metrics;

/// <summary>
/// A seeded book of <see cref="Customers"/> customers over 2023 (ids c-000…), two segments and channels,
/// repeat purchases for most, a third going quiet after two months, every tenth never buying, surveys,
/// tickets and activity for some; a weekly model fitted on it.
/// </summary>
public sealed class SyntheticBookFixture : IAsyncLifetime, IDisposable
{
    public const int Customers = 250;
    public static readonly DateTimeOffset Start = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset CalibrationEnd = new(2023, 12, 31, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public InProcessServer Server { get; private set; } = null!;

    public string DatabasePath => _directory.File("crm.db");

    public FitModelsResponse Fit { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(DatabasePath);
        await LoadAsync(Server);
        Fit = await new ModelService.ModelServiceClient(Server.Channel).FitModelsAsync(new FitModelsRequest
        {
            CalibrationEnd = Timestamp.FromDateTimeOffset(CalibrationEnd),
            TimeUnit = TimeUnit.Weeks,
        });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    public static string IdOf(int i) => $"c-{i:D3}";

    public static async Task LoadAsync(InProcessServer server)
    {
        var random = new Random(20231231);
        var customers = new ImportCustomersRequest();
        var transactions = new ImportTransactionsRequest();
        var surveys = new ImportSurveyResponsesRequest();
        var tickets = new ImportSupportInteractionsRequest();
        var activity = new ImportActivityEventsRequest();
        for (var i = 0; i < Customers; i++)
        {
            var acquired = Start.AddDays(random.Next(0, 200));
            customers.Customers.Add(new Customer
            {
                Id = IdOf(i), Name = $"Customer {i}", Segment = i % 2 == 0 ? "smb" : "enterprise", Channel = i % 3 == 0 ? "ads" : "web",
                AcquiredAt = Timestamp.FromDateTimeOffset(acquired),
            });
            var purchases = i % 10 == 9 ? 0 : 1 + random.Next(0, 8);
            var day = acquired;
            // A third of the customers go quiet two months after joining: the book has churn to model.
            var lastActive = i % 3 == 1 ? acquired.AddDays(60) : CalibrationEnd;
            for (var p = 0; p < purchases && day < lastActive; p++)
            {
                transactions.Transactions.Add(new Transaction
                {
                    Id = $"t-{i}-{p}", CustomerId = IdOf(i), OccurredAt = Timestamp.FromDateTimeOffset(day.AddHours(10)),
                    AmountMinor = 1000 + random.Next(0, 9000), Currency = "USD", Kind = TransactionKind.Purchase,
                });
                day = day.AddDays(1 + random.Next(0, 60));
            }

            if (i % 4 == 0)
            {
                surveys.Responses.Add(new SurveyResponse { Id = $"s-{i}", CustomerId = IdOf(i), Kind = SurveyKind.Nps, Score = random.Next(0, 11), RespondedAt = Timestamp.FromDateTimeOffset(CalibrationEnd.AddDays(-20)) });
                tickets.Interactions.Add(new SupportInteraction { Id = $"i-{i}", CustomerId = IdOf(i), OpenedAt = Timestamp.FromDateTimeOffset(CalibrationEnd.AddDays(-30)), FirstResponseAt = Timestamp.FromDateTimeOffset(CalibrationEnd.AddDays(-29)), HandleSeconds = 300 });
                activity.Events.Add(new ActivityEvent { Id = $"a-{i}", CustomerId = IdOf(i), OccurredAt = Timestamp.FromDateTimeOffset(CalibrationEnd.AddDays(-5)), Kind = "login", Count = 5 });
            }
        }

        await ImportAsync(server.Customers.ImportCustomers(), [customers]);
        var imported = await ImportAsync(server.Transactions.ImportTransactions(), [transactions]);
        Assert.Equal(0, imported.Rejected);
        await ImportAsync(server.Engagement.ImportSurveyResponses(), [surveys]);
        await ImportAsync(server.Engagement.ImportSupportInteractions(), [tickets]);
        await ImportAsync(server.Engagement.ImportActivityEvents(), [activity]);
    }
}
