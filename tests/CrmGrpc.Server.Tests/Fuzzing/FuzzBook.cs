using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Tests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrmGrpc.Server.Tests.Fuzzing;

/// <summary>
/// A small valid book the fuzzer's valid-looking ids point into, so that generated calls reach the code behind the
/// first lookup: customers in two segments and channels with purchases and refunds over 2023–2024, engagement rows,
/// a CRM change and (when the fit converges) a model. Loading it again restores what fuzzed updates and deletes changed.
/// </summary>
public static class FuzzBook
{
    public const int CustomerCount = 24;

    public const string ChangeId = "fz-change-0";

    public static readonly string[] Segments = ["gold", "silver"];

    public static readonly string[] Channels = ["web", "store"];

    public static readonly string[] AttributeKeys = ["tier", "region", ""];

    private static readonly DateTimeOffset Start = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string CustomerId(int i) => $"fz-c-{i}";

    /// <summary>The ids a generated request may name: customers, rows, the change, and the model when there is one.</summary>
    public static List<string> Ids(string? modelId) =>
    [
        .. Enumerable.Range(0, CustomerCount).Select(CustomerId),
        "fz-t-0-0", "fz-s-0", "fz-e-0", "fz-m-0", ChangeId, "fz-unknown",
        .. modelId is null ? Array.Empty<string>() : [modelId],
    ];

    /// <summary>The ids of the entity a field named <paramref name="fieldName"/> refers to ("change_id": the change), else none.</summary>
    public static IReadOnlyList<string> IdsFor(string fieldName, IReadOnlyList<string> ids)
    {
        if (fieldName.Contains("change", StringComparison.Ordinal))
        {
            return [ChangeId];
        }

        if (fieldName.Contains("model", StringComparison.Ordinal))
        {
            return ids.Where(id => !id.StartsWith("fz-", StringComparison.Ordinal)).ToList();
        }

        return fieldName.Contains("customer", StringComparison.Ordinal) ? ids.Where(id => id.StartsWith("fz-c-", StringComparison.Ordinal)).ToList() : [];
    }

    /// <summary>Loads the book and fits a model on it; returns the model's id, or why the fit was refused.</summary>
    public static async Task<(string? ModelId, string? Refusal)> LoadAndFitAsync(InProcessServer server)
    {
        await LoadAsync(server);
        try
        {
            var fit = await new ModelService.ModelServiceClient(server.Channel).FitModelsAsync(new FitModelsRequest
            {
                CalibrationEnd = Timestamp.FromDateTimeOffset(Start.AddMonths(20)),
                TimeUnit = TimeUnit.Weeks,
            });
            return (fit.ModelId, null);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            return (null, e.Status.Detail);
        }
    }

    /// <summary>Loads the book, or restores what fuzzed updates and deletes changed (imports are upserts; rows already there are duplicates).</summary>
    public static async Task LoadAsync(InProcessServer server)
    {
        var customers = new ImportCustomersRequest();
        var transactions = new ImportTransactionsRequest();
        var surveys = new ImportSurveyResponsesRequest();
        var support = new ImportSupportInteractionsRequest();
        var activity = new ImportActivityEventsRequest();
        for (var i = 0; i < CustomerCount; i++)
        {
            var id = CustomerId(i);
            var acquired = Start.AddDays(i * 7);
            customers.Customers.Add(new Customer
            {
                Id = id,
                Name = "Customer " + i,
                Email = id + "@example.com",
                Segment = Segments[i % 2],
                Channel = Channels[i / 2 % 2],
                AcquiredAt = Timestamp.FromDateTimeOffset(acquired),
                ChurnedAt = i % 5 == 4 ? Timestamp.FromDateTimeOffset(acquired.AddDays(300)) : null,
                Attributes = { ["tier"] = i % 3 == 0 ? "a" : "b", ["region"] = "eu" },
            });
            for (var p = 0; p <= i % 6; p++)
            {
                var purchase = new Transaction
                {
                    Id = $"fz-t-{i}-{p}",
                    CustomerId = id,
                    OccurredAt = Timestamp.FromDateTimeOffset(acquired.AddDays(p * 37 + 1)),
                    AmountMinor = 1_000 + (i * 137 % 5_000) + p * 250,
                    Currency = "USD",
                    Kind = TransactionKind.Purchase,
                    SaleType = p == 0 ? SaleType.New : p % 3 == 0 ? SaleType.Upsell : SaleType.Repeat,
                    Product = "p" + p,
                    Category = "c" + (p % 2),
                };
                if (p % 2 == 0)
                {
                    purchase.CostMinor = 400;
                }

                transactions.Transactions.Add(purchase);
            }

            if (i % 4 == 1)
            {
                transactions.Transactions.Add(new Transaction
                {
                    Id = $"fz-r-{i}", CustomerId = id, OccurredAt = Timestamp.FromDateTimeOffset(acquired.AddDays(40)),
                    AmountMinor = 500, Currency = "USD", Kind = TransactionKind.Refund, SaleType = SaleType.Repeat,
                });
            }

            surveys.Responses.Add(new SurveyResponse
            {
                Id = $"fz-s-{i}", CustomerId = id, Kind = (SurveyKind)(1 + i % 3), Score = i % 3 == 0 ? i % 11 : 1 + i % 5,
                RespondedAt = Timestamp.FromDateTimeOffset(acquired.AddDays(20)),
            });
            support.Interactions.Add(new SupportInteraction
            {
                Id = $"fz-i-{i}", CustomerId = id, OpenedAt = Timestamp.FromDateTimeOffset(acquired.AddDays(10)),
                FirstResponseAt = Timestamp.FromDateTimeOffset(acquired.AddDays(10).AddHours(2)),
                ResolvedAt = Timestamp.FromDateTimeOffset(acquired.AddDays(11)), HandleSeconds = 600 + i,
            });
            activity.Events.Add(new ActivityEvent
            {
                Id = $"fz-e-{i}", CustomerId = id, OccurredAt = Timestamp.FromDateTimeOffset(acquired.AddDays(5)), Kind = "login", Count = 1 + i % 4,
            });
        }

        var spend = new ImportMarketingSpendRequest();
        for (var m = 0; m < 12; m++)
        {
            spend.Spends.Add(new MarketingSpend
            {
                Id = $"fz-m-{m}", Channel = Channels[m % 2], Currency = "USD", AmountMinor = 50_000,
                PeriodStart = Timestamp.FromDateTimeOffset(Start.AddMonths(m)), PeriodEnd = Timestamp.FromDateTimeOffset(Start.AddMonths(m + 1)),
            });
        }

        await Import(server.Customers.ImportCustomers(), customers);
        await Import(server.Transactions.ImportTransactions(), transactions);
        await Import(server.Engagement.ImportSurveyResponses(), surveys);
        await Import(server.Engagement.ImportSupportInteractions(), support);
        await Import(server.Engagement.ImportActivityEvents(), activity);
        await Import(server.Engagement.ImportMarketingSpend(), spend);

        try
        {
            await server.Engagement.RecordCrmChangeAsync(new RecordCrmChangeRequest
            {
                Change = new CrmChange
                {
                    Id = ChangeId, Name = "loyalty mail", Description = "fuzz", TreatedSegment = Segments[0],
                    EffectiveAt = Timestamp.FromDateTimeOffset(Start.AddMonths(9)),
                },
            });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists)
        {
            // Loaded before.
        }
    }

    private static async Task Import<TRequest, TResponse>(AsyncClientStreamingCall<TRequest, TResponse> call, TRequest request)
    {
        using (call)
        {
            await call.RequestStream.WriteAsync(request);
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }
    }
}
