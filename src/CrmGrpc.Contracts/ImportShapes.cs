using Google.Protobuf.Collections;

namespace CrmGrpc.Contracts.V1;

// The six Import* RPCs share one shape: a streamed batch of rows in, a summary out. These interfaces name
// that shape so the server and clients can write the import loop once. Generated classes are partial;
// these declarations add no logic.

/// <summary>One streamed batch of an Import* RPC.</summary>
public interface IImportRequest<TRow>
{
    RepeatedField<TRow> Rows { get; }
}

/// <summary>The summary every Import*Response carries.</summary>
public interface IImportResponse
{
    long Accepted { get; set; }

    long Duplicates { get; set; }

    long Rejected { get; set; }

    RepeatedField<ImportError> Errors { get; }

    long ErrorsOmitted { get; set; }
}

public sealed partial class ImportCustomersRequest : IImportRequest<Customer>
{
    public RepeatedField<Customer> Rows => Customers;
}

public sealed partial class ImportTransactionsRequest : IImportRequest<Transaction>
{
    public RepeatedField<Transaction> Rows => Transactions;
}

public sealed partial class ImportMarketingSpendRequest : IImportRequest<MarketingSpend>
{
    public RepeatedField<MarketingSpend> Rows => Spends;
}

public sealed partial class ImportSurveyResponsesRequest : IImportRequest<SurveyResponse>
{
    public RepeatedField<SurveyResponse> Rows => Responses;
}

public sealed partial class ImportSupportInteractionsRequest : IImportRequest<SupportInteraction>
{
    public RepeatedField<SupportInteraction> Rows => Interactions;
}

public sealed partial class ImportActivityEventsRequest : IImportRequest<ActivityEvent>
{
    public RepeatedField<ActivityEvent> Rows => Events;
}

public sealed partial class ImportCustomersResponse : IImportResponse;

public sealed partial class ImportTransactionsResponse : IImportResponse;

public sealed partial class ImportMarketingSpendResponse : IImportResponse;

public sealed partial class ImportSurveyResponsesResponse : IImportResponse;

public sealed partial class ImportSupportInteractionsResponse : IImportResponse;

public sealed partial class ImportActivityEventsResponse : IImportResponse;
