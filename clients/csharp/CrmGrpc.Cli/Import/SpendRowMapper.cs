using CrmGrpc.Cli.Csv;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Import;

/// <summary>spend: id,channel,period_start,period_end,amount (or amount_minor),currency.</summary>
internal sealed class SpendRowMapper : IRowMapper<MarketingSpend>
{
    private readonly CsvHeader header;
    private readonly int id, channel, periodStart, periodEnd, amount, amountMinor, currency;

    public SpendRowMapper(CsvHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Require("id", "channel", "period_start", "period_end", "currency");
        header.RequireOneOf("amount", "amount_minor");
        this.header = header;
        id = header.IndexOf("id");
        channel = header.IndexOf("channel");
        periodStart = header.IndexOf("period_start");
        periodEnd = header.IndexOf("period_end");
        amount = header.IndexOf("amount");
        amountMinor = header.IndexOf("amount_minor");
        currency = header.IndexOf("currency");
    }

    public RowResult<MarketingSpend> Map(CsvRecord record)
    {
        var row = new RowReader(record, header);
        var code = row.Text(currency).ToUpperInvariant();
        var spend = new MarketingSpend
        {
            Id = row.Text(id),
            Channel = row.Text(channel),
            PeriodStart = row.Timestamp(periodStart),
            PeriodEnd = row.Timestamp(periodEnd),
            AmountMinor = row.Money(amount, amountMinor, code) ?? 0,
            Currency = code,
        };
        return row.Finish(spend, spend.Id);
    }
}
