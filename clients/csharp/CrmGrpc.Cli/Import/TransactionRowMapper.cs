using CrmGrpc.Cli.Csv;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Import;

/// <summary>
/// transactions: id,customer_id,occurred_at,amount,currency,kind(purchase|refund),sale_type,cost,product,category.
/// amount / cost are major units converted with the currency's exponent; amount_minor / cost_minor may
/// stand instead. sale_type, cost, product and category are optional.
/// </summary>
internal sealed class TransactionRowMapper : IRowMapper<Transaction>
{
    public static readonly EnumVocabulary<TransactionKind> Kinds = new("TRANSACTION_KIND_");
    public static readonly EnumVocabulary<SaleType> SaleTypes = new("SALE_TYPE_");

    private readonly CsvHeader header;
    private readonly int id, customerId, occurredAt, amount, amountMinor, currency, kind, saleType, cost, costMinor, product, category;
    private string lastCurrency = string.Empty;

    public TransactionRowMapper(CsvHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Require("id", "customer_id", "occurred_at", "currency", "kind");
        header.RequireOneOf("amount", "amount_minor");
        this.header = header;
        id = header.IndexOf("id");
        customerId = header.IndexOf("customer_id");
        occurredAt = header.IndexOf("occurred_at");
        amount = header.IndexOf("amount");
        amountMinor = header.IndexOf("amount_minor");
        currency = header.IndexOf("currency");
        kind = header.IndexOf("kind");
        saleType = header.IndexOf("sale_type");
        cost = header.IndexOf("cost");
        costMinor = header.IndexOf("cost_minor");
        product = header.IndexOf("product");
        category = header.IndexOf("category");
    }

    public RowResult<Transaction> Map(CsvRecord record)
    {
        var row = new RowReader(record, header);
        var code = row.UpperCode(currency, ref lastCurrency);
        var transaction = new Transaction
        {
            Id = row.Text(id),
            CustomerId = row.Text(customerId),
            OccurredAt = row.Timestamp(occurredAt),
            AmountMinor = row.Money(amount, amountMinor, code) ?? 0,
            Currency = code,
            Kind = row.Choice(kind, Kinds),
            SaleType = row.Choice(saleType, SaleTypes, required: false),
            Product = row.Text(product),
            Category = row.Text(category),
        };
        if (row.Money(cost, costMinor, code, required: false) is { } costValue)
        {
            transaction.CostMinor = costValue;
        }

        return row.Finish(transaction, transaction.Id);
    }
}
