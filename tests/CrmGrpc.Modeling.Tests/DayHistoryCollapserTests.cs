namespace CrmGrpc.Modeling.Tests;

public class DayHistoryCollapserTests
{
    [Theory]
    [InlineData(TimeUnit.Days, 7)]
    [InlineData(TimeUnit.Weeks, 7)]
    [InlineData(TimeUnit.Weeks, 64)]
    [InlineData(TimeUnit.Weeks, 5_000)]
    public void Collapses_day_histories_exactly_as_the_summaries_in_any_unit_across_any_number_of_merges(TimeUnit unit, int bufferSize)
    {
        var random = new Random(11);
        var histories = Enumerable.Range(0, 20_000).Select(_ =>
        {
            var repeatDays = random.Next(0, 4);
            var ageDays = (long)random.Next(0, 31);
            return (RepeatDays: repeatDays, RecencyDays: repeatDays == 0 ? 0 : random.NextInt64(0, ageDays + 1), AgeDays: ageDays);
        }).ToArray();

        var collapser = new DayHistoryCollapser(bufferSize);
        foreach (var (repeatDays, recencyDays, ageDays) in histories)
        {
            collapser.Add(repeatDays, recencyDays, ageDays);
        }

        var daysPerUnit = unit.DaysPerUnit();
        var expected = SummaryCollapser.Collapse(histories
            .Select(h => new CustomerSummary(h.RepeatDays, h.RecencyDays / daysPerUnit, h.AgeDays / daysPerUnit))
            .ToArray());
        Assert.Equal(histories.Length, collapser.Customers);
        Assert.Equal(expected, collapser.ToArray(daysPerUnit));
        Assert.True(expected.Length < histories.Length / 2, "the book should repeat histories");
    }

    [Fact]
    public void Collapsers_of_the_parts_of_a_book_add_up_to_the_collapser_of_the_whole()
    {
        var random = new Random(5);
        var whole = new DayHistoryCollapser(16);
        var parts = new[] { new DayHistoryCollapser(16), new DayHistoryCollapser(8), new DayHistoryCollapser(100) };
        for (var i = 0; i < 1_000; i++)
        {
            var (repeatDays, ageDays) = (random.Next(0, 3), random.Next(0, 20));
            var recencyDays = repeatDays == 0 ? 0 : random.Next(0, ageDays + 1);
            whole.Add(repeatDays, recencyDays, ageDays);
            parts[random.Next(parts.Length)].Add(repeatDays, recencyDays, ageDays);
        }

        Assert.Equal(whole.Customers, parts.Sum(p => p.Customers));
        Assert.Equal(whole.ToArray(7), DayHistoryCollapser.ToArray(parts, 7));
        Assert.Equal(whole.ToArray(7), DayHistoryCollapser.ToArray([parts[2], parts[0], parts[1]], 7));
        Assert.Empty(DayHistoryCollapser.ToArray([], 7));
        Assert.Throws<ArgumentException>(() => DayHistoryCollapser.ToArray([parts[0], parts[1], parts[0]], 7));
    }

    [Fact]
    public void Adding_after_a_result_keeps_counting()
    {
        var collapser = new DayHistoryCollapser(4);
        collapser.Add(1, 3, 10);
        collapser.Add(0, 0, 10);
        Assert.Equal([new WeightedSummary(0, 0, 10, 1), new WeightedSummary(1, 3, 10, 1)], collapser.ToArray(1));

        collapser.Add(1, 3, 10);
        collapser.Add(0, 0, 2);
        Assert.Equal(
            [new WeightedSummary(0, 0, 2, 1), new WeightedSummary(0, 0, 10, 1), new WeightedSummary(1, 3, 10, 2)],
            collapser.ToArray(1));
        Assert.Equal(4, collapser.Customers);
    }

    [Fact]
    public void The_largest_histories_keep_every_field_apart()
    {
        const long max = DayHistoryCollapser.MaxDays;
        var collapser = new DayHistoryCollapser();
        collapser.Add((int)max, max, max);
        collapser.Add((int)max, max - 1, max);
        collapser.Add(1, 0, max);

        Assert.Equal(
            [new WeightedSummary(1, 0, max, 1), new WeightedSummary((int)max, max - 1, max, 1), new WeightedSummary((int)max, max, max, 1)],
            collapser.ToArray(1));
    }

    [Theory]
    [InlineData(-1, 0, 5)]   // negative repeat days
    [InlineData(2, 6, 5)]    // recency after age
    [InlineData(0, 1, 5)]    // recency without repeat purchases
    [InlineData(1, -1, 5)]   // negative recency
    [InlineData(1, 0, DayHistoryCollapser.MaxDays + 1)]
    [InlineData((int)DayHistoryCollapser.MaxDays + 1, 0, 5)]
    public void Invalid_histories_are_rejected_and_not_counted(int repeatDays, long recencyDays, long ageDays)
    {
        var collapser = new DayHistoryCollapser();
        Assert.ThrowsAny<ArgumentException>(() => collapser.Add(repeatDays, recencyDays, ageDays));
        Assert.Equal(0, collapser.Customers);
        Assert.Empty(collapser.ToArray(1));
    }
}
