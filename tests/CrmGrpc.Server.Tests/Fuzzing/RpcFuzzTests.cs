using System.Diagnostics;
using System.Globalization;
using System.Text;
using CrmGrpc.Server.Auth;
using CrmGrpc.Server.Tests.Infrastructure;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CrmGrpc.Server.Tests.Fuzzing;

/// <summary>One server over <see cref="FuzzBook"/> for the whole fuzz run, and where its database file is.</summary>
public sealed class FuzzServerFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public string DatabasePath => _directory.File("crm.db");

    public InProcessServer Server { get; private set; } = null!;

    public string? ModelId { get; private set; }

    public string? FitRefusal { get; private set; }

    /// <summary>The server's log: an INTERNAL answer's exception is shown with the failing case.</summary>
    public LogCapture Log { get; } = new();

    public async Task InitializeAsync()
    {
        Server = await InProcessServer.StartAsync(DatabasePath, builder => builder.Logging.AddProvider(Log));
        (ModelId, FitRefusal) = await FuzzBook.LoadAndFitAsync(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => _directory.Dispose();
}

/// <summary>
/// Structure-aware fuzzing of every RPC of every service (issue 18, "Proof"): requests generated from each method's
/// input descriptor (<see cref="MessageGenerator"/>) and random or mutated bytes as message bodies, sent to a live
/// server. Properties: the status is never INTERNAL, UNKNOWN or DATA_LOSS (only the codes a caller can act on);
/// INVALID_ARGUMENT names a field (google.rpc.BadRequest); a rejected call leaves the stored book as it was; an
/// import changes no table by more rows than it reports accepted; the health check stays SERVING. Bounded: a fixed
/// number of cases per RPC and a time cap; CsCheck prints the seed of a failure (rerun with CsCheck_Seed=…).
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(SaturatingTests.Name)]
public sealed class RpcFuzzTests(FuzzServerFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzServerFixture>
{
    /// <summary>
    /// How many times the default number of cases to run: 1 in the suite; a longer local hunt sets CRM_FUZZ_SCALE
    /// (e.g. 20), which scales the time cap too.
    /// </summary>
    private static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("CRM_FUZZ_SCALE"), out var scale) && scale > 0 ? scale : 1;

    /// <summary>Generated requests per RPC (client streams: a stream of up to three generated messages each).</summary>
    private static readonly int StructuredCases = 90 * Scale;

    /// <summary>Random, mutated or not-UTF-8 bodies per RPC.</summary>
    private static readonly int RawCases = 30 * Scale;

    /// <summary>Each RPC's cases stop after this; the ones not run are reported.</summary>
    private static readonly TimeSpan TimeCapPerRpc = TimeSpan.FromSeconds(8 * Scale);

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(15);

    /// <summary>The codes a well-formed rejection may carry; DEADLINE_EXCEEDED only when the test's own deadline fired.</summary>
    private static readonly HashSet<StatusCode> Acceptable =
    [
        StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.AlreadyExists, StatusCode.FailedPrecondition,
        StatusCode.OutOfRange, StatusCode.ResourceExhausted, StatusCode.DeadlineExceeded,
    ];

    public static TheoryData<string> Methods => [.. Contract.Methods.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_rpc_the_server_authorises_in_the_contract_is_fuzzed()
    {
        var served = RpcRoles.Required.Keys.Where(path => path.StartsWith("/crm.", StringComparison.Ordinal));

        Assert.Equal(served.Order(StringComparer.Ordinal), Contract.Methods.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Generated_and_random_requests_get_no_internal_error_and_rejected_ones_leave_the_book_unchanged(string path)
    {
        var method = Contract.Methods[path];
        await FuzzBook.LoadAsync(fixture.Server);
        var ids = FuzzBook.Ids(fixture.ModelId);
        var request = Gen.OneOf(
            new MessageGenerator(ids, Contract.FieldNames, FuzzMode.Chaos).For(method.InputType),
            new MessageGenerator(ids, Contract.FieldNames, FuzzMode.Calm).For(method.InputType),
            new MessageGenerator(ids, Contract.FieldNames, FuzzMode.Sparse).For(method.InputType));
        if (fixture.FitRefusal is { } refusal)
        {
            output.WriteLine($"no model on the fuzz book ({refusal}): model ids in requests are unknown ones");
        }

        var tally = new Tally();
        var clock = Stopwatch.StartNew();

        var streams = method.IsClientStreaming
            ? Gen.Frequency((1, Gen.Const(Array.Empty<IMessage>())), (6, request.Array[1]), (3, request.Array[2, 3]))
            : request.Array[1];
        await Check.SampleAsync(
            streams,
            async messages =>
            {
                if (clock.Elapsed > TimeCapPerRpc)
                {
                    tally.Skipped++;
                    return;
                }

                await CheckCallAsync(method, messages.Length, () => DynamicCalls.CallAsync(fixture.Server.Channel, method, messages, CallDeadline), tally);
            },
            writeLine: output.WriteLine,
            iter: StructuredCases,
            threads: 1,
            print: Describe);
        var structured = tally.Ran;

        await Check.SampleAsync(
            RawBodies(method, request),
            async body =>
            {
                if (clock.Elapsed > TimeCapPerRpc)
                {
                    tally.Skipped++;
                    return;
                }

                await CheckCallAsync(method, 1, () => DynamicCalls.CallRawAsync(fixture.Server.Channel, method, body, CallDeadline), tally);
            },
            writeLine: output.WriteLine,
            iter: RawCases,
            threads: 1,
            print: body => Convert.ToHexString(body.AsSpan(0, Math.Min(body.Length, 512))));

        var health = await new Health.HealthClient(fixture.Server.Channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FUZZ {path}: {structured} generated + {tally.Ran - structured} raw cases in {clock.Elapsed.TotalSeconds:F1} s (calls {tally.CallTime.TotalSeconds:F1} s, digests {tally.DigestTime.TotalSeconds:F1} s; {tally.Skipped} skipped at the time cap); {tally.Codes()}"));
        Assert.True(tally.Ran > 0, $"{path}: no case ran");
    }

    /// <summary>The server's latest unhandled exceptions (none in a healthy run), to show with an INTERNAL answer.</summary>
    private string ServerErrors()
    {
        var errors = fixture.Log.Entries
            .Where(e => e.Level >= LogLevel.Error && e.Category.EndsWith(nameof(CrmGrpc.Server.Interceptors.ExceptionInterceptor), StringComparison.Ordinal))
            .TakeLast(3)
            .Select(e => e.Text)
            .ToList();
        return errors.Count == 0 ? "" : Environment.NewLine + "server log:" + Environment.NewLine + string.Join(Environment.NewLine, errors);
    }

    /// <summary>One call and its properties.</summary>
    private async Task CheckCallAsync(MethodDescriptor method, int messages, Func<Task<CallOutcome>> call, Tally tally)
    {
        var started = Stopwatch.GetTimestamp();
        var before = await BookDigest.ReadAsync(fixture.DatabasePath);
        var calling = Stopwatch.GetTimestamp();
        var outcome = await call();
        var called = Stopwatch.GetTimestamp();
        var after = await BookDigest.ReadAsync(fixture.DatabasePath);
        tally.DigestTime += Stopwatch.GetElapsedTime(started, calling) + Stopwatch.GetElapsedTime(called);
        tally.CallTime += Stopwatch.GetElapsedTime(calling, called);
        tally.Add(outcome);
        if (outcome.Detail == DynamicCalls.ClientCutOff)
        {
            output.WriteLine($"{Contract.PathOf(method)}: the client was still waiting at its cut-off ({messages} messages sent)");
        }

        Assert.True(Acceptable.Contains(outcome.Code), $"{Contract.PathOf(method)} answered {outcome.Code}: {outcome.Detail}{(outcome.Code == StatusCode.Internal ? ServerErrors() : "")}");
        if (outcome.Code == StatusCode.InvalidArgument)
        {
            Assert.True(outcome.BadRequest is { FieldViolations.Count: > 0 }, $"INVALID_ARGUMENT without a BadRequest naming a field: {outcome.Detail}");
        }

        // A client stream commits message by message: only a one-message stream is all-or-nothing. A call past its
        // deadline may still be finishing on the server.
        if (outcome.Code is not StatusCode.OK and not StatusCode.DeadlineExceeded && messages <= 1)
        {
            var changed = before.Differences(after);
            Assert.True(changed.Count == 0, $"rejected with {outcome.Code} ({outcome.Detail}) but the book changed: {string.Join("; ", changed)}");
        }

        if (outcome.Code == StatusCode.OK && method.IsClientStreaming && Accepted(outcome.Response) is { } accepted)
        {
            if (accepted == 0)
            {
                var changed = before.Differences(after);
                Assert.True(changed.Count == 0, $"an import that accepted nothing changed the book: {string.Join("; ", changed)}");
            }

            foreach (var table in after.Tables.Keys)
            {
                Assert.True(after.Rows(table) - before.Rows(table) <= accepted, $"{table} grew by more than the {accepted} rows accepted");
            }
        }
    }

    /// <summary>The <c>accepted</c> count of an import summary, found by name.</summary>
    private static long? Accepted(IMessage? response) =>
        response?.Descriptor.FindFieldByName("accepted") is { FieldType: FieldType.Int64 } field ? (long)field.Accessor.GetValue(response) : null;

    /// <summary>
    /// Bodies that are not what the generator writes: random bytes, a generated message cut short or with bytes
    /// changed, and a generated message with one of its string fields set to a lone surrogate in WTF-8 (which no UTF-8
    /// encoder writes, so only raw bytes carry it).
    /// </summary>
    private static Gen<byte[]> RawBodies(MethodDescriptor method, Gen<IMessage> request)
    {
        var mutated = request.Select(Gen.Int, Gen.Int[0, 3], (message, seed, kind) => Mutate(message.ToByteArray(), seed, kind));
        var paths = StringPaths(method.InputType, depth: 0).ToArray();
        var bodies = new List<(int, Gen<byte[]>)> { (3, Gen.Byte.Array[0, 64]), (3, mutated) };
        if (paths.Length > 0)
        {
            var surrogates = Gen.OneOf("\uD800", "a\uDFFFb", "\uDBFF\uDBFF", "ok\uD83D");
            bodies.Add((3, request.Select(Gen.OneOf(paths), surrogates, byte[] (message, fields, text) =>
                [.. message.ToByteArray(), .. Nest(fields, FuzzValues.Wtf8(text))])));
        }

        return Gen.Frequency([.. bodies]);
    }

    private static byte[] Mutate(byte[] bytes, int seed, int kind)
    {
        var random = new Random(seed);
        if (bytes.Length == 0)
        {
            return [(byte)random.Next(256)];
        }

        var copy = (byte[])bytes.Clone();
        switch (kind)
        {
            case 0:
                return copy[..random.Next(copy.Length)];
            case 1:
                for (var i = 0; i < 1 + (copy.Length / 50); i++)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
            case 2:
                copy[random.Next(copy.Length)] = 0xFF;
                return copy;
            default:
                return [.. copy, .. copy[..random.Next(copy.Length)]];
        }
    }

    /// <summary>The paths (field lists) from <paramref name="type"/> to each singular or repeated string field, two levels deep.</summary>
    private static IEnumerable<FieldDescriptor[]> StringPaths(MessageDescriptor type, int depth)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.String)
            {
                yield return [field];
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap && depth < 1)
            {
                foreach (var inner in StringPaths(field.MessageType, depth + 1))
                {
                    yield return [field, .. inner];
                }
            }
        }
    }

    /// <summary>The wire bytes of <paramref name="value"/> at the end of <paramref name="path"/> (appended fields merge into the message).</summary>
    private static byte[] Nest(FieldDescriptor[] path, byte[] value)
    {
        var bytes = value;
        for (var i = path.Length - 1; i >= 0; i--)
        {
            using var buffer = new MemoryStream();
            var output = new CodedOutputStream(buffer);
            output.WriteTag(path[i].FieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(bytes));
            output.Flush();
            bytes = buffer.ToArray();
        }

        return bytes;
    }

    /// <summary>The generated messages as JSON, cut to a readable length (a huge repeated field would fill the log).</summary>
    private static string Describe(IMessage[] messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            string json;
            try
            {
                json = JsonFormatter.Default.Format(message);
            }
            catch (InvalidOperationException)
            {
                json = "(not JSON-representable) " + Convert.ToBase64String(message.ToByteArray());
            }

            text.Append(json.Length > 3000 ? json[..3000] + $"… ({json.Length} chars)" : json).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>How many cases ran, by status code.</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<StatusCode, int> _codes = [];

        private readonly Dictionary<string, int> _violations = new(StringComparer.Ordinal);

        public int Ran { get; private set; }

        public int Skipped { get; set; }

        public TimeSpan CallTime { get; set; }

        public TimeSpan DigestTime { get; set; }

        public void Add(CallOutcome outcome)
        {
            Ran++;
            _codes[outcome.Code] = _codes.GetValueOrDefault(outcome.Code) + 1;
            if (outcome.BadRequest is { FieldViolations.Count: > 0 } badRequest)
            {
                var first = badRequest.FieldViolations[0];
                var key = $"{first.Field}: {first.Description}";
                key = key.Length > 60 ? key[..60] : key;
                _violations[key] = _violations.GetValueOrDefault(key) + 1;
            }
        }

        /// <summary>The count of each status code, then the commonest first violations: how deep the cases got.</summary>
        public string Codes() =>
            string.Join(", ", _codes.Select(c => $"{c.Key} {c.Value}"))
            + "; commonest rejections: "
            + string.Join(" | ", _violations.OrderByDescending(v => v.Value).Take(3).Select(v => $"{v.Value}× {v.Key}"));
    }
}
