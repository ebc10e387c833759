using CrmGrpc.Cli.Csv;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Import;

/// <summary>surveys: id,customer_id,kind(nps|csat|ces),score,responded_at.</summary>
internal sealed class SurveyRowMapper : IRowMapper<SurveyResponse>
{
    public static readonly EnumVocabulary<SurveyKind> Kinds = new("SURVEY_KIND_");

    private readonly CsvHeader header;
    private readonly int id, customerId, kind, score, respondedAt;

    public SurveyRowMapper(CsvHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        header.Require("id", "customer_id", "kind", "score", "responded_at");
        this.header = header;
        id = header.IndexOf("id");
        customerId = header.IndexOf("customer_id");
        kind = header.IndexOf("kind");
        score = header.IndexOf("score");
        respondedAt = header.IndexOf("responded_at");
    }

    public RowResult<SurveyResponse> Map(CsvRecord record)
    {
        var row = new RowReader(record, header);
        var response = new SurveyResponse
        {
            Id = row.Text(id),
            CustomerId = row.Text(customerId),
            Kind = row.Choice(kind, Kinds),
            Score = row.Int32(score),
            RespondedAt = row.Timestamp(respondedAt),
        };
        return row.Finish(response, response.Id);
    }
}
