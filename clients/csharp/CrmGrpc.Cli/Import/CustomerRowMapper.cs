using CrmGrpc.Cli.Csv;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Import;

/// <summary>customers: id,name,email,segment,channel,acquired_at,churned_at,attributes (id and acquired_at required).</summary>
internal sealed class CustomerRowMapper : IRowMapper<Customer>
{
    private readonly CsvHeader header;
    private readonly int id, name, email, segment, channel, acquiredAt, churnedAt, attributes;

    public CustomerRowMapper(CsvHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Require("id", "acquired_at");
        this.header = header;
        id = header.IndexOf("id");
        name = header.IndexOf("name");
        email = header.IndexOf("email");
        segment = header.IndexOf("segment");
        channel = header.IndexOf("channel");
        acquiredAt = header.IndexOf("acquired_at");
        churnedAt = header.IndexOf("churned_at");
        attributes = header.IndexOf("attributes");
    }

    public RowResult<Customer> Map(CsvRecord record)
    {
        var row = new RowReader(record, header);
        var customer = new Customer
        {
            Id = row.Text(id),
            Name = row.Text(name),
            Email = row.Text(email),
            Segment = row.Text(segment),
            Channel = row.Text(channel),
            AcquiredAt = row.Timestamp(acquiredAt),
            ChurnedAt = row.Timestamp(churnedAt, required: false),
        };
        row.Attributes(attributes, customer.Attributes);
        return row.Finish(customer, customer.Id);
    }
}
