using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using CrmGrpc.Data.Sqlite.Native;
using CrmGrpc.Data.Sqlite.Totals;
using CrmGrpc.Domain.Entities;

namespace CrmGrpc.Data.Sqlite.Import;

/// <summary>
/// One bulk-load unit's transactions as they were staged, kept compactly in native memory (about 110 bytes a row: the
/// numbers, and the five texts as UTF-8) until <see cref="WriteSorted"/> writes them to the merge's table in customer-key
/// order. Sorting here, a pair of arrays of keys and row numbers, replaced staging every row in a SQLite table and
/// having SQLite sort whole records for the merge (1.3–1.6 s of a 1M-row unit beside a merge, against ~0.1 s). Native
/// memory, freed by <see cref="Clear"/>, goes back to the C allocator like SQLite's, so a finished import leaves
/// nothing on the managed heap. Not thread-safe.
/// </summary>
internal sealed unsafe class StagedRows : IDisposable
{
    private const byte Repeated = 1;
    private const byte HasCost = 2;
    private const long NoKey = long.MinValue;

    [StructLayout(LayoutKind.Sequential)]
    private struct Row
    {
        public long Position;
        public long Message;
        public long Key;
        public long OccurredAtMs;
        public long AmountMinor;
        public long CostMinor;
        public long TextOffset;
        public ulong IdHash;
        public byte Kind;
        public byte SaleType;
        public byte Flags;
    }

    private Row* _rows;
    private long _rowCapacity;
    private byte* _text;
    private long _textCapacity;
    private long _textLength;

    /// <summary>Rows staged since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a row (its customer key null when the customer is unknown so far); returns its number in the unit.</summary>
    public int Add(Transaction row, long position, long message, long? key, long occurredAtMs)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Count == _rowCapacity)
        {
            _rowCapacity = Math.Max(1_024, _rowCapacity * 2);
            _rows = (Row*)NativeMemory.Realloc(_rows, (nuint)(_rowCapacity * sizeof(Row)));
        }

        var offset = _textLength;
        AppendText(row.Id);
        var idHash = XxHash3.HashToUInt64(new ReadOnlySpan<byte>(_text + offset + sizeof(int), (int)(_textLength - offset - sizeof(int))));
        AppendText(row.CustomerId);
        AppendText(row.Currency);
        AppendText(row.Product);
        AppendText(row.Category);
        _rows[Count] = new Row
        {
            Position = position,
            Message = message,
            Key = key ?? NoKey,
            OccurredAtMs = occurredAtMs,
            AmountMinor = row.AmountMinor,
            CostMinor = row.CostMinor ?? 0,
            TextOffset = offset,
            IdHash = idHash,
            Kind = (byte)row.Kind,
            SaleType = (byte)row.SaleType,
            Flags = row.CostMinor is null ? (byte)0 : HasCost,
        };
        return Count++;
    }

    /// <summary>
    /// Marks every row whose id's 64-bit hash another row of the unit shares (the merge takes those row by row, in stream
    /// order) and returns how many rows are marked. A hash shared by two different ids (about 3 in 10^8 at a million ids)
    /// only sends both down the row-by-row path, which is exact for any row. Sorting the hashes replaced a dictionary of
    /// them filled row by row while staging: its random probes missed the cache and took 5 % of a random-order load's CPU.
    /// </summary>
    public int MarkRepeatedIds()
    {
        var hashes = new ulong[Count];
        var numbers = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            hashes[i] = _rows[i].IdHash;
            numbers[i] = i;
        }

        Array.Sort(hashes, numbers);
        var marked = 0;
        for (int start = 0, end; start < Count; start = end)
        {
            end = RunEnd(hashes, start);
            for (var k = start; end - start > 1 && k < end; k++)
            {
                _rows[numbers[k]].Flags |= Repeated;
                marked++;
            }
        }

        return marked;
    }

    /// <summary>
    /// Writes every row through <paramref name="insert"/> (the merge table's 14 columns: position, message, repeated, id,
    /// customer_id, customer_key, occurred_at, amount_minor, currency, kind, sale_type, cost_minor, product, category), by
    /// customer key and within a customer in stream order; rows of unknown customers first. The rows of known customers
    /// whose id occurs once in the unit are added to <paramref name="totals"/> on the way, and it is finished.
    /// </summary>
    public void WriteSorted(RowStatement insert, UnitTotals totals)
    {
        ArgumentNullException.ThrowIfNull(insert);
        ArgumentNullException.ThrowIfNull(totals);
        var keys = new long[Count];
        var order = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            keys[i] = _rows[i].Key;
            order[i] = i;
        }

        // Array.Sort is not stable: rows of one customer are put back in stream order (row number) after it.
        Array.Sort(keys, order);
        for (int start = 0, end; start < Count; start = end)
        {
            end = RunEnd(keys, start);
            if (end - start > 1)
            {
                Array.Sort(order, start, end - start);
            }
        }

        for (var i = 0; i < order.Length; i++)
        {
            // Key order visits the rows at random in memory for a time- or random-ordered stream, so each row and its
            // texts miss the cache: asking for them a few rows ahead overlaps those misses.
            if (i + PrefetchRows < order.Length)
            {
                Prefetch(_rows + order[i + PrefetchRows]);
            }

            if (i + (PrefetchRows / 2) < order.Length)
            {
                Prefetch(_text + _rows[order[i + (PrefetchRows / 2)]].TextOffset);
            }

            ref var row = ref _rows[order[i]];
            var text = _text + row.TextOffset;
            insert.Set(0, row.Position);
            insert.Set(1, row.Message);
            insert.Set(2, (row.Flags & Repeated) != 0 ? 1L : 0L);
            text = Bind(insert, 3, text);
            text = Bind(insert, 4, text);
            if (row.Key == NoKey)
            {
                insert.SetNull(5);
            }
            else
            {
                insert.Set(5, row.Key);
            }

            insert.Set(6, row.OccurredAtMs);
            insert.Set(7, row.AmountMinor);
            text = Bind(insert, 8, text);
            insert.Set(9, (long)row.Kind);
            insert.Set(10, (long)row.SaleType);
            if ((row.Flags & HasCost) != 0)
            {
                insert.Set(11, row.CostMinor);
            }
            else
            {
                insert.SetNull(11);
            }

            text = Bind(insert, 12, text);
            Bind(insert, 13, text);
            insert.Execute();
            if (row.Key != NoKey && (row.Flags & Repeated) == 0)
            {
                totals.Add(row.Key, row.OccurredAtMs, row.AmountMinor, (TransactionKind)row.Kind, (SaleType)row.SaleType,
                    (row.Flags & HasCost) != 0 ? row.CostMinor : null);
            }
        }

        totals.Finish();
    }

    /// <summary>Forgets every row and frees their memory.</summary>
    public void Clear()
    {
        NativeMemory.Free(_rows);
        NativeMemory.Free(_text);
        _rows = null;
        _text = null;
        _rowCapacity = _textCapacity = _textLength = 0;
        Count = 0;
    }

    public void Dispose()
    {
        Clear();
        GC.SuppressFinalize(this);
    }

    ~StagedRows() => Clear();

    // Where the run of values equal to sorted[start] ends (exclusive).
    private static int RunEnd<T>(T[] sorted, int start)
        where T : IEquatable<T>
    {
        var end = start + 1;
        while (end < sorted.Length && sorted[end].Equals(sorted[start]))
        {
            end++;
        }

        return end;
    }

    // How far ahead WriteSorted asks for a row; its texts come at half the distance, once the row itself has arrived.
    private const int PrefetchRows = 16;

    private static void Prefetch(void* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }

    private static byte* Bind(RowStatement insert, int position, byte* text)
    {
        var length = Unsafe.ReadUnaligned<int>(text);
        insert.Set(position, new ReadOnlySpan<byte>(text + sizeof(int), length));
        return text + sizeof(int) + length;
    }

    private void AppendText(string value)
    {
        var most = sizeof(int) + Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_textLength + most > _textCapacity)
        {
            _textCapacity = Math.Max(Math.Max(64 * 1_024, _textCapacity * 2), _textLength + most);
            _text = (byte*)NativeMemory.Realloc(_text, (nuint)_textCapacity);
        }

        var written = Encoding.UTF8.GetBytes(value, new Span<byte>(_text + _textLength + sizeof(int), most - sizeof(int)));
        Unsafe.WriteUnaligned(_text + _textLength, written);
        _textLength += sizeof(int) + written;
    }
}
