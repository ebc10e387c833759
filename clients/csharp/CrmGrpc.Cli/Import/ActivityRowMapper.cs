using CrmGrpc.Cli.Csv;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Import;

/// <summary>activity: id,customer_id,occurred_at,kind,count (count optional; empty is sent as 0, read as 1).</summary>
internal sealed class ActivityRowMapper : IRowMapper<ActivityEvent>
{
    private readonly CsvHeader header;
    private readonly int id, customerId, occurredAt, kind, count;

    public ActivityRowMapper(CsvHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Require("id", "customer_id", "occurred_at", "kind");
        this.header = header;
        id = header.IndexOf("id");
        customerId = header.IndexOf("customer_id");
        occurredAt = header.IndexOf("occurred_at");
        kind = header.IndexOf("kind");
        count = header.IndexOf("count");
    }

    public RowResult<ActivityEvent> Map(CsvRecord record)
    {
        var row = new RowReader(record, header);
        var activity = new ActivityEvent
        {
            Id = row.Text(id),
            CustomerId = row.Text(customerId),
            OccurredAt = row.Timestamp(occurredAt),
            Kind = row.Text(kind),
            Count = row.Int64(count, required: false),
        };
        return row.Finish(activity, activity.Id);
    }
}
