using CrmGrpc.Cli.Csv;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Import;

/// <summary>tickets: id,customer_id,opened_at,first_response_at,resolved_at,handle_seconds (the last three optional).</summary>
internal sealed class TicketRowMapper : IRowMapper<SupportInteraction>
{
    private readonly CsvHeader header;
    private readonly int id, customerId, openedAt, firstResponseAt, resolvedAt, handleSeconds;

    public TicketRowMapper(CsvHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Require("id", "customer_id", "opened_at");
        this.header = header;
        id = header.IndexOf("id");
        customerId = header.IndexOf("customer_id");
        openedAt = header.IndexOf("opened_at");
        firstResponseAt = header.IndexOf("first_response_at");
        resolvedAt = header.IndexOf("resolved_at");
        handleSeconds = header.IndexOf("handle_seconds");
    }

    public RowResult<SupportInteraction> Map(CsvRecord record)
    {
        var row = new RowReader(record, header);
        var ticket = new SupportInteraction
        {
            Id = row.Text(id),
            CustomerId = row.Text(customerId),
            OpenedAt = row.Timestamp(openedAt),
            FirstResponseAt = row.Timestamp(firstResponseAt, required: false),
            ResolvedAt = row.Timestamp(resolvedAt, required: false),
            HandleSeconds = row.Double(handleSeconds),
        };
        return row.Finish(ticket, ticket.Id);
    }
}
