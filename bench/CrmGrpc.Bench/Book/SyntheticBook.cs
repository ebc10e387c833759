using CrmGrpc.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace CrmGrpc.Bench.Book;

/// <summary>
/// A seeded synthetic CRM book, generated customer by customer while it is sent: nothing but one customer's
/// rows is ever held in memory.
/// <list type="bullet">
/// <item>Customers are acquired over two years (2024–2025, more towards the end, like a growing business),
/// with a segment, an acquisition channel and a region, each from a few weighted values.</item>
/// <item>Purchases follow a BG/NBD-like process (Fader, Hardie &amp; Lee 2005): a purchase at acquisition, then
/// Poisson purchases at a weekly rate λ ~ Gamma(r, α), and after each purchase the customer drops out for
/// good with probability p ~ Beta(a, b).</item>
/// <item>Spend is Gamma-Gamma-like: each customer's scale ν ~ Gamma(q, γ), each purchase ~ Gamma(p, ν), γ
/// growing with the segment; a few upsells and cross-sells; cost of goods 45–75 %; about 2 % of purchases
/// refunded (in full or in part) 1–30 days later.</item>
/// </list>
/// The book has exactly the requested number of transactions: α is calibrated on a pilot of customers so that
/// the process's own total is close to it, a first pass counts that total, and the small difference is shared
/// out over the customers in proportion to their counts (cumulative rounding): a customer's surplus rows are
/// its latest, a shortfall is made up with purchases at uniform times in its lifetime.
/// </summary>
internal sealed class SyntheticBook
{
    /// <summary>First instant of the book.</summary>
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>End of the book, exclusive: the last day is 2025-12-31.</summary>
    public static readonly DateTimeOffset End = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string Currency = "USD";

    private const long MsPerDay = 86_400_000;
    private const double MsPerWeek = 7.0 * MsPerDay;
    private const int MaxNaturalEventsPerCustomer = 10_000;
    private const int PilotCustomers = 5_000;

    // The process's parameters. b is derived from the requested transactions per customer (see the constructor).
    private const double RateShape = 0.75;
    private const double DropoutA = 2;
    private const double SpendP = 6;
    private const double SpendQ = 4;
    private const double SpendGammaMajor = 15;
    private const double RefundProbability = 0.02;
    private const double FullRefundProbability = 0.7;
    private const double UpsellProbability = 0.06;
    private const double CrossSellProbability = 0.09;

    private static readonly long StartMs = Start.ToUnixTimeMilliseconds();
    private static readonly long EndMs = End.ToUnixTimeMilliseconds();

    private static readonly string[] Segments = ["consumer", "smb", "mid_market", "enterprise"];
    private static readonly double[] SegmentCumulative = [0.60, 0.85, 0.95, 1.0];
    private static readonly double[] SegmentSpendFactor = [1, 3, 8, 20];
    private static readonly string[] Channels = ["organic", "paid_search", "social", "referral", "email"];
    private static readonly double[] ChannelCumulative = [0.35, 0.60, 0.75, 0.90, 1.0];
    private static readonly string[] Regions = ["na", "eu", "apac", "latam"];
    private static readonly double[] RegionCumulative = [0.45, 0.80, 0.95, 1.0];
    private static readonly string[] Categories = ["books", "music", "video", "software", "hardware", "services"];
    private static readonly string[] Products = [.. Enumerable.Range(0, 24).Select(i => $"sku-{i:D3}")];

    private readonly double _dropoutB;
    private double _alpha = double.NaN;
    private long _naturalTotal;

    public SyntheticBook(long customers, long transactions, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(transactions, 0);
        Customers = customers;
        Transactions = transactions;
        Seed = seed;

        // With a = 2 the mean number of purchases before dropout is a + b − 1: make it twice the requested
        // transactions per customer, so that dropout and the end of the book share the work of stopping.
        _dropoutB = Math.Max(1.0, (2.0 * transactions / customers) - 1);
    }

    public long Customers { get; }

    public long Transactions { get; }

    public ulong Seed { get; }

    /// <summary>The calibrated scale of the purchase-rate gamma (weeks).</summary>
    public double Alpha => _alpha;

    /// <summary>Transactions the process produced on its own, before the total was made exact.</summary>
    public long NaturalTotal => _naturalTotal;

    /// <summary>The last day of the book: the calibration end of the fit.</summary>
    public static DateTimeOffset LastDay => End.AddDays(-1);

    /// <summary>Calibrates α on a pilot and counts the process's own total (one pass over the customers, no rows kept).</summary>
    public void Prepare(Action<long> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _alpha = Calibrate((double)Transactions / Customers);
        long total = 0;
        for (long i = 0; i < Customers; i++)
        {
            var profile = ProfileOf(i);
            var timing = new Rng(Seed, i, 1);
            var spend = default(Rng);
            total += Natural(profile, _alpha, ref timing, ref spend, 0, events: null);
            if ((i & 0x3FFF) == 0x3FFF)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress(i + 1);
            }
        }

        _naturalTotal = total;
        progress(Customers);
    }

    /// <summary>The customers in batches of <paramref name="batchSize"/>, in key order.</summary>
    public IEnumerable<ImportCustomersRequest> CustomerBatches(int batchSize)
    {
        var request = new ImportCustomersRequest();
        for (long i = 0; i < Customers; i++)
        {
            var profile = ProfileOf(i);
            var id = CustomerId(i);
            request.Customers.Add(new Customer
            {
                Id = id,
                Name = "Customer " + id[1..],
                Email = id + "@example.com",
                Segment = Segments[profile.Segment],
                Channel = Channels[profile.Channel],
                AcquiredAt = TimestampOf(profile.AcquiredMs),
                Attributes = { ["region"] = Regions[profile.Region] },
            });
            if (request.Customers.Count == batchSize)
            {
                yield return request;
                request = new ImportCustomersRequest();
            }
        }

        if (request.Customers.Count > 0)
        {
            yield return request;
        }
    }

    /// <summary>Every transaction, customer by customer, in batches of <paramref name="batchSize"/>. Call <see cref="Prepare"/> first.</summary>
    public IEnumerable<ImportTransactionsRequest> TransactionBatches(int batchSize) => TransactionBatches(batchSize, RowOrder.Customer);

    /// <summary>
    /// Every transaction in <paramref name="order"/>, in batches of <paramref name="batchSize"/>. Customer order streams
    /// the book as it is generated; time and random order first hold every row of the book in a compact form (about
    /// 40 bytes a row), sort or shuffle them (seeded, so a run is repeatable), then build the messages.
    /// </summary>
    public IEnumerable<ImportTransactionsRequest> TransactionBatches(int batchSize, RowOrder order) =>
        Batches(order == RowOrder.Customer ? Rows() : Reordered(order), batchSize);

    /// <summary>Every transaction in <paramref name="order"/>, one at a time.</summary>
    public IEnumerable<Transaction> TransactionsIn(RowOrder order) =>
        (order == RowOrder.Customer ? Rows() : Reordered(order)).Select(ToTransaction);

    private static IEnumerable<ImportTransactionsRequest> Batches(IEnumerable<BookRow> rows, int batchSize)
    {
        var request = new ImportTransactionsRequest();
        foreach (var row in rows)
        {
            request.Transactions.Add(ToTransaction(row));
            if (request.Transactions.Count == batchSize)
            {
                yield return request;
                request = new ImportTransactionsRequest();
            }
        }

        if (request.Transactions.Count > 0)
        {
            yield return request;
        }
    }

    private BookRow[] Reordered(RowOrder order)
    {
        var rows = new BookRow[Transactions];
        var count = 0;
        foreach (var row in Rows())
        {
            rows[count++] = row;
        }

        if (order == RowOrder.Time)
        {
            // Ties (same instant) keep the customer order, so the order is total and repeatable.
            Array.Sort(rows, static (x, y) => x.Event.AtMs != y.Event.AtMs ? x.Event.AtMs.CompareTo(y.Event.AtMs)
                : x.Customer != y.Customer ? x.Customer.CompareTo(y.Customer) : x.Index.CompareTo(y.Index));
        }
        else
        {
            // Fisher-Yates with the book's own generator, on a stream no customer uses.
            var shuffle = new Rng(Seed, -1, 4);
            for (var i = rows.Length - 1; i > 0; i--)
            {
                var j = (long)(shuffle.NextUInt64() % (ulong)(i + 1));
                (rows[i], rows[j]) = (rows[j], rows[i]);
            }
        }

        return rows;
    }

    private static Transaction ToTransaction(BookRow row)
    {
        var e = row.Event;
        var transaction = new Transaction
        {
            Id = TransactionId(row.Customer, row.Index),
            CustomerId = CustomerId(row.Customer),
            OccurredAt = TimestampOf(e.AtMs),
            AmountMinor = e.AmountMinor,
            Currency = Currency,
            Kind = e.Kind,
            SaleType = e.SaleType,
            Product = Products[e.Product],
            Category = Categories[e.Product % Categories.Length],
        };
        if (e.CostMinor > 0)
        {
            transaction.CostMinor = e.CostMinor;
        }

        return transaction;
    }

    /// <summary>Every transaction, customer by customer, each customer's in time order.</summary>
    private IEnumerable<BookRow> Rows()
    {
        if (double.IsNaN(_alpha))
        {
            throw new InvalidOperationException("Prepare the book before generating its transactions.");
        }

        var events = new List<BookEvent>(64);
        long cumulativeNatural = 0;
        long emitted = 0;
        for (long i = 0; i < Customers; i++)
        {
            var profile = ProfileOf(i);
            var timing = new Rng(Seed, i, 1);
            var spend = new Rng(Seed, i, 2);
            var spendRate = spend.Gamma(SpendQ) / (SpendGammaMajor * SegmentSpendFactor[profile.Segment]);
            events.Clear();
            cumulativeNatural += Natural(profile, _alpha, ref timing, ref spend, spendRate, events);

            // Cumulative rounding: the first i customers get round-down(M × their natural share) in total.
            var target = (int)((long)((Int128)Transactions * cumulativeNatural / _naturalTotal) - emitted);
            if (target > events.Count)
            {
                var topUp = new Rng(Seed, i, 3);
                while (events.Count < target)
                {
                    var at = profile.AcquiredMs + (long)(topUp.NextDouble() * (EndMs - profile.AcquiredMs));
                    events.Add(Purchase(at, SaleType.Repeat, ref spend, spendRate));
                }
            }

            events.Sort(static (x, y) => x.AtMs.CompareTo(y.AtMs));
            for (var k = 0; k < target; k++)
            {
                yield return new BookRow((int)i, k, events[k]);
            }

            emitted += target;
        }
    }

    public static string CustomerId(long index) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"c{index:D8}");

    private static string TransactionId(long customer, int k) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"t{customer:D8}-{k:D4}");

    private static Timestamp TimestampOf(long unixMs) => new() { Seconds = unixMs / 1000, Nanos = (int)(unixMs % 1000) * 1_000_000 };

    /// <summary>The α that makes the pilot's mean natural count per customer <paramref name="perCustomer"/> (bisection on log α: counts fall as α grows).</summary>
    private double Calibrate(double perCustomer)
    {
        var pilot = (int)Math.Min(Customers, PilotCustomers);
        var profiles = new Profile[pilot];
        for (var i = 0; i < pilot; i++)
        {
            profiles[i] = ProfileOf(i);
        }

        double Mean(double alpha)
        {
            long total = 0;
            for (var i = 0; i < pilot; i++)
            {
                var timing = new Rng(Seed, i, 1);
                var spend = default(Rng);
                total += Natural(profiles[i], alpha, ref timing, ref spend, 0, events: null);
            }

            return (double)total / pilot;
        }

        double lo = Math.Log(1e-4), hi = Math.Log(1e5);
        if (Mean(Math.Exp(lo)) <= perCustomer)
        {
            return Math.Exp(lo);
        }

        if (Mean(Math.Exp(hi)) >= perCustomer)
        {
            return Math.Exp(hi);
        }

        for (var iteration = 0; iteration < 40; iteration++)
        {
            var mid = (lo + hi) / 2;
            if (Mean(Math.Exp(mid)) > perCustomer)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Exp((lo + hi) / 2);
    }

    private Profile ProfileOf(long index)
    {
        var rng = new Rng(Seed, index, 0);
        var acquired = StartMs + (long)(Math.Sqrt(rng.NextDouble()) * (EndMs - StartMs - 1));
        return new Profile(
            acquired,
            rng.Pick(SegmentCumulative),
            rng.Pick(ChannelCumulative),
            rng.Pick(RegionCumulative),
            rng.Gamma(RateShape),
            rng.Beta(DropoutA, _dropoutB));
    }

    /// <summary>
    /// The process's own transactions of one customer: the count always, the rows too when <paramref name="events"/>
    /// is given. Timing draws come from <paramref name="timing"/> only, so counting and generating agree.
    /// </summary>
    private static int Natural(in Profile profile, double alpha, ref Rng timing, ref Rng spend, double spendRate, List<BookEvent>? events)
    {
        var weeklyRate = profile.RateDraw / alpha;
        var count = 0;
        var at = profile.AcquiredMs;
        var saleType = SaleType.New;
        while (true)
        {
            BookEvent purchase = default;
            if (events is not null)
            {
                purchase = Purchase(at, saleType, ref spend, spendRate);
                events.Add(purchase);
            }

            count++;
            if (timing.NextDouble() < RefundProbability)
            {
                var refundAt = at + (long)((1 + (29 * timing.NextDouble())) * MsPerDay);
                if (refundAt < EndMs)
                {
                    events?.Add(Refund(refundAt, purchase, ref spend));
                    count++;
                }
            }

            if (count >= MaxNaturalEventsPerCustomer || timing.NextDouble() < profile.Dropout)
            {
                return count;
            }

            var gapMs = timing.Exponential() / weeklyRate * MsPerWeek;
            if (!(gapMs < EndMs - at))
            {
                return count;
            }

            at += Math.Max(1, (long)gapMs);
            saleType = SaleType.Repeat;
        }
    }

    private static BookEvent Purchase(long at, SaleType saleType, ref Rng spend, double spendRate)
    {
        var amountMajor = spend.Gamma(SpendP) / spendRate;
        if (saleType != SaleType.New)
        {
            var u = spend.NextDouble();
            saleType = u < UpsellProbability ? SaleType.Upsell : u < UpsellProbability + CrossSellProbability ? SaleType.CrossSell : SaleType.Repeat;
            if (saleType == SaleType.Upsell)
            {
                amountMajor *= 1.6;
            }
        }

        var amountMinor = Math.Clamp((long)Math.Round(amountMajor * 100), 1, 1_000_000_000);
        var cost = (long)Math.Round(amountMinor * (0.45 + (0.30 * spend.NextDouble())));
        var product = (short)(spend.NextUInt64() % (ulong)Products.Length);
        return new BookEvent(at, amountMinor, cost, TransactionKind.Purchase, saleType, product);
    }

    private static BookEvent Refund(long at, in BookEvent purchase, ref Rng spend)
    {
        var share = spend.NextDouble() < FullRefundProbability ? 1.0 : 0.1 + (0.8 * spend.NextDouble());
        var amount = Math.Max(1, (long)Math.Round(purchase.AmountMinor * share));
        return new BookEvent(at, amount, 0, TransactionKind.Refund, SaleType.Unspecified, purchase.Product);
    }

    private readonly record struct Profile(long AcquiredMs, int Segment, int Channel, int Region, double RateDraw, double Dropout);

    /// <summary>One transaction of the book: its customer, its place among the customer's rows, and what happened.</summary>
    private readonly record struct BookRow(int Customer, int Index, BookEvent Event);

    private readonly record struct BookEvent(long AtMs, long AmountMinor, long CostMinor, TransactionKind Kind, SaleType SaleType, short Product);
}

/// <summary>The order the bench sends transactions in.</summary>
internal enum RowOrder
{
    /// <summary>Customer by customer, each customer's rows in time order (how the book is generated).</summary>
    Customer,

    /// <summary>All rows by time, as a CRM's transaction export (the realistic case).</summary>
    Time,

    /// <summary>A seeded shuffle: no order at all.</summary>
    Random,
}
