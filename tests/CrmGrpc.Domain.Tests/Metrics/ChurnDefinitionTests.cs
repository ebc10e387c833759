using CrmGrpc.Domain.Entities;
using CrmGrpc.Domain.Metrics;

namespace CrmGrpc.Domain.Tests.Metrics;

/// <summary>
/// The churn definition of METRICS.md ("Churn when the book records no churn dates") at its edges: the window's
/// boundary, what counts as activity, recorded beside inferred churn, and how a customer counts in a period
/// when its churn is taken as of the period's end.
/// </summary>
public sealed class ChurnDefinitionTests
{
    private static readonly ChurnDefinition W180 = new(180);
    private static readonly TimeSpan Window = TimeSpan.FromDays(180);
    private static readonly Period Year2025 = new(At(2025, 1, 1), At(2026, 1, 1));

    [Fact]
    public void The_example_of_the_spec_churns_at_last_purchase_plus_the_window_and_counts_at_start_and_as_lost()
    {
        // METRICS.md: acquired 2024-03-01, purchases 2024-03-01 and 2025-02-10, W = 180 days, period 2025.
        var customer = Customer(At(2024, 3, 1));
        var status = W180.StatusAsOf(Year2025.End, customer, [Purchase(At(2024, 3, 1)), Purchase(At(2025, 2, 10))]);

        Assert.Equal(new ChurnStatus(At(2025, 8, 9), Inferred: true, At(2025, 2, 10)), status);
        var cell = Counts(Year2025, customer.AcquiredAt, status);
        Assert.Equal((1, 0, 0, 1, 1), (cell.CustomersAtStart, cell.CustomersAtEnd, cell.CustomersAcquired, cell.CustomersLost, cell.ChurnedByEnd));
        Assert.Equal(526, cell.LifespanDaysSum);
    }

    [Fact]
    public void A_purchase_exactly_the_window_before_the_end_keeps_the_customer_one_millisecond_more_does_not()
    {
        var end = Year2025.End;
        var customer = Customer(At(2024, 1, 1));

        var exactly = W180.StatusAsOf(end, customer, [Purchase(end - Window)]);
        var justBefore = W180.StatusAsOf(end, customer, [Purchase(end - Window - TimeSpan.FromMilliseconds(1))]);

        Assert.False(exactly.Churned);
        Assert.Equal(end - Window, exactly.LastActivityAt);
        Assert.True(justBefore.Churned);
        Assert.Equal(end - TimeSpan.FromMilliseconds(1), justBefore.ChurnedAt);
        // That churn date is the period's last millisecond: lost in it, not there at its end.
        var cell = Counts(Year2025, customer.AcquiredAt, justBefore);
        Assert.Equal((1, 0, 1), (cell.CustomersAtStart, cell.CustomersAtEnd, cell.CustomersLost));
    }

    [Fact]
    public void A_refund_after_the_last_purchase_is_not_activity()
    {
        var customer = Customer(At(2024, 1, 1));
        var lastPurchase = At(2025, 1, 10);
        var refund = new Transaction("t-r", "c-1", At(2025, 11, 1), 500, "USD", TransactionKind.Refund, SaleType.Unspecified, null, "p", "c");

        var status = W180.StatusAsOf(Year2025.End, customer, [Purchase(lastPurchase), refund]);

        Assert.Equal(new ChurnStatus(lastPurchase + Window, Inferred: true, lastPurchase), status);
    }

    [Fact]
    public void Purchases_at_or_after_the_as_of_instant_are_not_activity_yet()
    {
        var customer = Customer(At(2024, 1, 1));
        var status = W180.StatusAsOf(Year2025.End, customer, [Purchase(At(2025, 1, 10)), Purchase(Year2025.End), Purchase(At(2026, 2, 1))]);

        Assert.Equal(At(2025, 1, 10), status.LastActivityAt);
        Assert.Equal(At(2025, 1, 10) + Window, status.ChurnedAt);
    }

    [Fact]
    public void A_customer_without_purchases_is_active_from_its_acquisition_and_a_purchase_before_it_does_not_count()
    {
        var quiet = W180.StatusAsOf(Year2025.End, Customer(At(2025, 3, 1)), []);
        var early = W180.StatusAsOf(Year2025.End, Customer(At(2025, 3, 1)), [Purchase(At(2025, 2, 1))]);

        Assert.Equal(new ChurnStatus(At(2025, 3, 1) + Window, Inferred: true, At(2025, 3, 1)), quiet);
        Assert.Equal(quiet, early);
    }

    [Fact]
    public void A_customer_acquired_in_the_period_who_lapses_in_it_is_acquired_and_lost()
    {
        var customer = Customer(At(2025, 2, 1));
        var status = W180.StatusAsOf(Year2025.End, customer, [Purchase(At(2025, 2, 1)), Purchase(At(2025, 4, 1))]);

        Assert.Equal(At(2025, 4, 1) + Window, status.ChurnedAt);
        var cell = Counts(Year2025, customer.AcquiredAt, status);
        Assert.Equal((0, 0, 1, 1, 1), (cell.CustomersAtStart, cell.CustomersAtEnd, cell.CustomersAcquired, cell.CustomersLost, cell.ChurnedByEnd));
        Assert.Equal((At(2025, 4, 1) + Window - At(2025, 2, 1)).TotalDays, cell.LifespanDaysSum);
    }

    [Fact]
    public void A_customer_who_lapsed_before_the_start_and_came_back_is_not_churned_as_of_the_end()
    {
        // Silent from 2024-01-15 to 2025-09-01: as of the start it would have churned (2024-07-13), but churn is
        // taken as of the period's end, when its last purchase is 4 months old.
        var customer = Customer(At(2023, 6, 1));
        var transactions = new[] { Purchase(At(2024, 1, 15)), Purchase(At(2025, 9, 1)) };
        Assert.True(W180.StatusAsOf(Year2025.Start, customer, transactions).Churned);

        var status = W180.StatusAsOf(Year2025.End, customer, transactions);

        Assert.False(status.Churned);
        var cell = Counts(Year2025, customer.AcquiredAt, status);
        Assert.Equal((1, 1, 0, 0, 0), (cell.CustomersAtStart, cell.CustomersAtEnd, cell.CustomersAcquired, cell.CustomersLost, cell.ChurnedByEnd));
    }

    [Fact]
    public void A_customer_who_lapsed_for_good_before_the_start_counts_only_among_the_churned()
    {
        var customer = Customer(At(2023, 6, 1));
        var status = W180.StatusAsOf(Year2025.End, customer, [Purchase(At(2024, 1, 15))]);

        var cell = Counts(Year2025, customer.AcquiredAt, status);
        Assert.Equal((0, 0, 0, 0, 1), (cell.CustomersAtStart, cell.CustomersAtEnd, cell.CustomersAcquired, cell.CustomersLost, cell.ChurnedByEnd));
    }

    [Fact]
    public void A_recorded_churn_before_the_as_of_instant_stands_beside_inferred_ones_even_with_later_purchases()
    {
        var recorded = Customer(At(2024, 1, 1), churnedAt: At(2025, 3, 1));
        var status = W180.StatusAsOf(Year2025.End, recorded, [Purchase(At(2025, 11, 1))]);

        Assert.Equal(new ChurnStatus(At(2025, 3, 1), Inferred: false, At(2025, 11, 1)), status);
        // Beside it, a customer of the same history without a recorded date is inferred, another is active.
        var inferred = W180.StatusAsOf(Year2025.End, Customer(At(2024, 1, 1)), [Purchase(At(2025, 3, 1))]);
        var active = W180.StatusAsOf(Year2025.End, Customer(At(2024, 1, 1)), [Purchase(At(2025, 11, 1))]);
        var cell = new CustomerCell();
        ChurnDefinition.AddCustomer(cell, Year2025, At(2024, 1, 1), status);
        ChurnDefinition.AddCustomer(cell, Year2025, At(2024, 1, 1), inferred);
        ChurnDefinition.AddCustomer(cell, Year2025, At(2024, 1, 1), active);
        Assert.Equal((3, 1, 2), (cell.CustomersAtStart, cell.CustomersAtEnd, cell.CustomersLost));
        Assert.Equal((At(2025, 3, 1) - At(2024, 1, 1)).TotalDays + (At(2025, 3, 1) + Window - At(2024, 1, 1)).TotalDays, cell.LifespanDaysSum);
    }

    [Fact]
    public void A_recorded_churn_after_the_as_of_instant_is_not_yet_churn_and_inactivity_still_applies()
    {
        var customer = Customer(At(2024, 1, 1), churnedAt: At(2026, 6, 1));

        Assert.False(ChurnDefinition.RecordedOnly.StatusAsOf(Year2025.End, customer, [Purchase(At(2025, 1, 5))]).Churned);
        Assert.Equal(
            new ChurnStatus(At(2025, 1, 5) + Window, Inferred: true, At(2025, 1, 5)),
            W180.StatusAsOf(Year2025.End, customer, [Purchase(At(2025, 1, 5))]));
    }

    [Fact]
    public void Recorded_churn_only_never_infers_however_long_the_silence()
    {
        var status = ChurnDefinition.RecordedOnly.StatusAsOf(Year2025.End, Customer(At(1990, 1, 1)), []);

        Assert.False(status.Churned);
        Assert.False(ChurnDefinition.RecordedOnly.InfersChurn);
        Assert.True(ChurnDefinition.RecordedOnly.StatusAsOf(Year2025.End, Customer(At(1990, 1, 1), churnedAt: At(1991, 1, 1)), []).Churned);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(ChurnDefinition.MaxInactivityDays + 1)]
    public void A_window_outside_0_to_a_hundred_years_is_refused(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChurnDefinition(days));

    [Fact]
    public void A_lifespan_missing_for_lack_of_churn_says_to_set_a_window_and_a_window_supplies_it()
    {
        // 40 customers acquired from 2024-10-01 on, each buying once 10 days later; nobody records a churn date.
        var acquired = Enumerable.Range(0, 40).Select(i => At(2024, 10, 1).AddDays(i)).ToList();
        CustomerCell CellFor(ChurnDefinition definition)
        {
            var cell = new CustomerCell { Purchases = 40, PurchaseRevenueMinor = 40 * 2_500, NetRevenueMinor = 40 * 2_500, PurchasingCustomers = 40 };
            foreach (var at in acquired)
            {
                ChurnDefinition.AddCustomer(cell, Year2025, at, definition.StatusAsOf(Year2025.End, at, null, at.AddDays(10)));
            }

            return cell;
        }

        var recordedOnly = Calculate(CellFor(ChurnDefinition.RecordedOnly), ChurnDefinition.RecordedOnly);
        var windowed = Calculate(CellFor(W180), W180);

        Assert.Null(recordedOnly.AverageLifespanYears.Value);
        Assert.Contains("no churn recorded; set an inactivity window", recordedOnly.AverageLifespanYears.Reason, StringComparison.Ordinal);
        Assert.Contains("churnDefinition.inactivityDays", recordedOnly.HistoricalClv.Reason, StringComparison.Ordinal);
        Assert.Equal(0, recordedOnly.ChurnRate.Value);
        // Each lived 10 days to its purchase plus the window, churning in 2025: the observed mean lifespan, all lost.
        Assert.Equal(LifespanMethod.ObservedChurn, windowed.LifespanMethod);
        Assert.Equal(190 / PortfolioCalculator.DaysPerYear, windowed.AverageLifespanYears.Value!.Value, 12);
        Assert.Equal(1.0, windowed.ChurnRate.Value);
        // APV $25 × one purchase per customer in a 365-day period, per year × the lifespan in years.
        var years = 365 / PortfolioCalculator.DaysPerYear;
        Assert.Equal(25.0 * (1 / years) * (190 / PortfolioCalculator.DaysPerYear), windowed.HistoricalClv.Value!.Value, 9);
    }

    private static PortfolioMetrics Calculate(CustomerCell cell, ChurnDefinition definition) =>
        PortfolioCalculator.Calculate(Year2025, "", new Dictionary<string, CustomerCell> { [""] = cell }, new EngagementCell(), null, 100,
            new PortfolioSettings(30, definition));

    private static CustomerCell Counts(Period period, DateTimeOffset acquiredAt, ChurnStatus status)
    {
        var cell = new CustomerCell();
        ChurnDefinition.AddCustomer(cell, period, acquiredAt, status);
        return cell;
    }

    private static Customer Customer(DateTimeOffset acquiredAt, DateTimeOffset? churnedAt = null) =>
        new("c-1", "n", "e@example.com", "smb", "web", acquiredAt, churnedAt, new Dictionary<string, string>());

    private static Transaction Purchase(DateTimeOffset at) =>
        new($"t-{at.ToUnixTimeMilliseconds()}", "c-1", at, 2_500, "USD", TransactionKind.Purchase, SaleType.Repeat, null, "p", "c");

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
}
