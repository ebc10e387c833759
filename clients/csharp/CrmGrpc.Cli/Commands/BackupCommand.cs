using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Grpc.Core;

namespace CrmGrpc.Cli.Commands;

/// <summary>
/// <c>crm backup FILE</c>: an online copy of the server's store (AdminService.BackupDatabase, admin key). The stream goes
/// to <c>FILE.partial</c>; only when its size and SHA-256 match what the server sent is it renamed to FILE, so FILE is
/// never a torn copy. An existing FILE is kept unless <c>--force</c>.
/// </summary>
internal static class BackupCommand
{
    /// <summary>What a finished backup holds and how fast it came.</summary>
    internal sealed record Outcome(string Path, BackupManifest Manifest, string Sha256, TimeSpan Elapsed)
    {
        public double MegabytesPerSecond => Elapsed.TotalSeconds > 0 ? Manifest.SizeBytes / 1e6 / Elapsed.TotalSeconds : 0;
    }

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Where to write the copy (a SQLite file that a server opens with --db FILE)." };
        var force = new Option<bool>("--force") { Description = "Replace FILE when it exists." };
        var command = new Command("backup", "Copy the server's live store into FILE (consistent while imports go on; needs an admin key).")
        {
            file, force,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            using var channel = context.OpenChannel();
            var outcome = await RunAsync(new AdminService.AdminServiceClient(channel), p.GetRequiredValue(file), p.GetValue(force), ct);
            Report(context.Console, outcome);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Streams the copy into <c>path.partial</c>, checks it, and renames it to <paramref name="path"/>. On any failure or
    /// cancellation the partial file is deleted and <paramref name="path"/> is left as it was.
    /// </summary>
    internal static async Task<Outcome> RunAsync(AdminService.AdminServiceClient client, string path, bool force, CancellationToken ct)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!force && File.Exists(path))
        {
            throw new IOException($"{path} exists; pass --force to replace it");
        }

        var partial = path + ".partial";
        var stopwatch = Stopwatch.StartNew();
        try
        {
            BackupManifest? manifest = null;
            BackupComplete? complete = null;
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long written = 0;
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                using var call = client.BackupDatabase(new BackupDatabaseRequest(), cancellationToken: ct);
                await foreach (var message in call.ResponseStream.ReadAllAsync(ct))
                {
                    switch (message.PayloadCase)
                    {
                        case BackupDatabaseResponse.PayloadOneofCase.Manifest when manifest is null:
                            manifest = message.Manifest;
                            break;
                        case BackupDatabaseResponse.PayloadOneofCase.Chunk when manifest is not null && complete is null:
                            if (message.Chunk.Offset != written)
                            {
                                throw new IOException($"the server sent a chunk at offset {message.Chunk.Offset}, expected {written}");
                            }

                            sha256.AppendData(message.Chunk.Data.Span);
                            await output.WriteAsync(message.Chunk.Data.Memory, ct);
                            written += message.Chunk.Data.Length;
                            break;
                        case BackupDatabaseResponse.PayloadOneofCase.Complete when manifest is not null && complete is null:
                            complete = message.Complete;
                            break;
                        default:
                            throw new IOException($"the server sent an unexpected {message.PayloadCase} message");
                    }
                }

                await output.FlushAsync(ct);
                // The copy is the only one there is once FILE is replaced: on disk before the rename, not in the page cache.
                output.Flush(flushToDisk: true);
            }

            Verify(manifest, complete, written, Convert.ToHexStringLower(sha256.GetHashAndReset()));
            File.Move(partial, path, overwrite: force);
            return new Outcome(path, manifest!, complete!.Sha256, stopwatch.Elapsed);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private static void Verify(BackupManifest? manifest, BackupComplete? complete, long written, string sha256)
    {
        if (manifest is null || complete is null)
        {
            throw new IOException("the backup stream ended before its last message; nothing was written");
        }

        if (written != manifest.SizeBytes || written != complete.SizeBytes)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"received {written} bytes, but the server announced {manifest.SizeBytes} and sent {complete.SizeBytes}"));
        }

        if (!string.Equals(sha256, complete.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"the received file's SHA-256 {sha256} differs from the server's {complete.Sha256}");
        }
    }

    private static void Report(CliConsole console, Outcome outcome)
    {
        if (console.Json)
        {
            console.WriteJson(ToJson(outcome));
            return;
        }

        var m = outcome.Manifest;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backup written to {outcome.Path}: {m.SizeBytes / 1e6:0.0} MB, {m.Customers:N0} customers, {m.Transactions:N0} transactions, schema version {m.SchemaVersion}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshot of {m.SnapshotTime.ToDateTimeOffset():yyyy-MM-dd HH:mm:ss.fff}Z; copied on the server in {m.CopySeconds:0.00} s, {outcome.Elapsed.TotalSeconds:0.00} s in all, {outcome.MegabytesPerSecond:0.0} MB/s"));
        console.WriteLine($"sha256 {outcome.Sha256}");
    }

    /// <summary>The summary as one line of JSON.</summary>
    internal static string ToJson(Outcome outcome)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("out", outcome.Path);
            json.WriteNumber("sizeBytes", outcome.Manifest.SizeBytes);
            json.WriteNumber("customers", outcome.Manifest.Customers);
            json.WriteNumber("transactions", outcome.Manifest.Transactions);
            json.WriteNumber("schemaVersion", outcome.Manifest.SchemaVersion);
            json.WriteString("snapshotTime", outcome.Manifest.SnapshotTime.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("sha256", outcome.Sha256);
            json.WriteNumber("elapsedSeconds", Math.Round(outcome.Elapsed.TotalSeconds, 3));
            json.WriteNumber("megabytesPerSecond", Math.Round(outcome.MegabytesPerSecond, 1));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
