using CrmGrpc.Domain.Metrics;

namespace CrmGrpc.Data.Rows;

// Property classes, not positional records: on an empty result SQLite types expression columns as blobs,
// which Dapper cannot match to a constructor.

/// <summary>
/// One (group, channel) row of transaction sums: both stores' statements over transactions and stored per-customer
/// totals return these columns, so both fold them with <see cref="PortfolioRows"/>.
/// </summary>
public class TransactionSums
{
    public string GroupKey { get; set; } = "";

    public string Channel { get; set; } = "";

    public long Purchases { get; set; }

    public double PurchaseRevenue { get; set; }

    public double NetRevenue { get; set; }

    public double Cost { get; set; }

    public long CostRows { get; set; }

    public long PurchasingCustomers { get; set; }

    public long RepeatCustomers { get; set; }

    public long Upsells { get; set; }
}

/// <summary>
/// One (group, channel) row of the pass over customers: both stores' statement returns the churn-based counts with
/// the transaction sums of the customers whose whole history lies in the period.
/// </summary>
public sealed class CustomerSums : TransactionSums
{
    public long AtStart { get; set; }

    public long AtEnd { get; set; }

    public long Acquired { get; set; }

    public long Lost { get; set; }

    public long ChurnedByEnd { get; set; }

    public double LifespanMs { get; set; }
}

/// <summary>One channel's spend attributed to the period, as both stores' spend statement returns it.</summary>
public sealed class SpendSums
{
    public string Channel { get; set; } = "";

    public double Amount { get; set; }

    public long Rows { get; set; }
}

/// <summary>One (group, survey kind) row of survey sums, as both stores' survey statement returns it.</summary>
public sealed class SurveySums
{
    public string GroupKey { get; set; } = "";

    public long Kind { get; set; }

    public long Responses { get; set; }

    public long Promoters { get; set; }

    public long Detractors { get; set; }

    public long Satisfied { get; set; }

    public double ScoreSum { get; set; }
}

/// <summary>One group's support sums, as both stores' support statement returns them.</summary>
public sealed class SupportSums
{
    public string GroupKey { get; set; } = "";

    public long Interactions { get; set; }

    public double HandleSeconds { get; set; }
}

/// <summary>One interaction's first response time in seconds, as both stores' first-response statement streams it.</summary>
public sealed class FirstResponse
{
    public string GroupKey { get; set; } = "";

    public double Seconds { get; set; }
}

/// <summary>
/// Folds the rows of the portfolio statements into <see cref="PortfolioAggregates"/>: the statements differ per store,
/// the rows and their folding do not. Each function takes one statement's rows, in the order the store reads them.
/// </summary>
public static class PortfolioRows
{
    /// <summary>
    /// The pass over customers: sets each (group, channel) cell's churn-based counts and adds its stored transaction
    /// sums. Every customer is in this statement; its transaction sums are here or in <see cref="AddTransactions"/>.
    /// </summary>
    public static void AddCustomers(PortfolioAggregates result, IEnumerable<CustomerSums> rows)
    {
        foreach (var row in rows)
        {
            var cell = result.Cell(row.GroupKey, row.Channel);
            cell.CustomersAtStart = row.AtStart;
            cell.CustomersAtEnd = row.AtEnd;
            cell.CustomersAcquired = row.Acquired;
            cell.CustomersLost = row.Lost;
            cell.ChurnedByEnd = row.ChurnedByEnd;
            cell.LifespanDaysSum = row.LifespanMs / TimeSpan.MillisecondsPerDay;
            Add(cell, row);
        }
    }

    /// <summary>The transactions recomputed in the period (customers with history outside it): adds them to their cells.</summary>
    public static void AddTransactions(PortfolioAggregates result, IEnumerable<TransactionSums> rows)
    {
        foreach (var row in rows)
        {
            Add(result.Cell(row.GroupKey, row.Channel), row);
        }
    }

    /// <summary>The spend statement: each channel's spend attributed to the period.</summary>
    public static void AddSpend(PortfolioAggregates result, IEnumerable<SpendSums> rows)
    {
        foreach (var row in rows)
        {
            result.Spend[row.Channel] = new ChannelSpend(row.Amount, row.Rows);
        }
    }

    /// <summary>The survey statement: kind 1 is NPS, 2 CSAT, 3 CES; each sets its sums in the group's engagement cell.</summary>
    public static void AddSurveys(PortfolioAggregates result, IEnumerable<SurveySums> rows)
    {
        foreach (var row in rows)
        {
            var cell = result.EngagementOf(row.GroupKey);
            switch (row.Kind)
            {
                case 1:
                    (cell.NpsResponses, cell.Promoters, cell.Detractors) = (row.Responses, row.Promoters, row.Detractors);
                    break;
                case 2:
                    (cell.CsatResponses, cell.CsatSatisfied, cell.CsatScoreSum) = (row.Responses, row.Satisfied, row.ScoreSum);
                    break;
                case 3:
                    (cell.CesResponses, cell.CesScoreSum) = (row.Responses, row.ScoreSum);
                    break;
            }
        }
    }

    /// <summary>The support statement: each group's interaction count and handle time.</summary>
    public static void AddSupport(PortfolioAggregates result, IEnumerable<SupportSums> rows)
    {
        foreach (var row in rows)
        {
            var cell = result.EngagementOf(row.GroupKey);
            (cell.SupportInteractions, cell.HandleSecondsSum) = (row.Interactions, row.HandleSeconds);
        }
    }

    /// <summary>The streamed first-response statement: each response time goes to its group's engagement cell.</summary>
    public static async Task AddFirstResponsesAsync(PortfolioAggregates result, IAsyncEnumerable<FirstResponse> rows, CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            result.EngagementOf(row.GroupKey).FirstResponseSeconds.Add(row.Seconds);
        }
    }

    private static void Add(CustomerCell cell, TransactionSums row)
    {
        cell.Purchases += row.Purchases;
        cell.PurchaseRevenueMinor += row.PurchaseRevenue;
        cell.NetRevenueMinor += row.NetRevenue;
        cell.CostMinor += row.Cost;
        cell.CostRows += row.CostRows;
        cell.PurchasingCustomers += row.PurchasingCustomers;
        cell.RepeatCustomers += row.RepeatCustomers;
        cell.UpsellCrossSellTransactions += row.Upsells;
    }
}
