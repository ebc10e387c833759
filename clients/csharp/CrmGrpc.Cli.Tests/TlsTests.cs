using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrmGrpc.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace CrmGrpc.Cli.Tests;

/// <summary>
/// A test CA, a server certificate it signed for 127.0.0.1, both as PEM files, and the real server in process on
/// https://127.0.0.1:0 with the standard Kestrel certificate settings.
/// </summary>
public sealed class TlsServerFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crm-tls-").FullName;
    private WebApplication? _app;

    public string CaFile => Path.Combine(_directory, "ca.pem");

    /// <summary>A CA that signed nothing the server has.</summary>
    public string OtherCaFile => Path.Combine(_directory, "other-ca.pem");

    public string Address { get; private set; } = "";

    public string File(string name) => Path.Combine(_directory, name);

    public async Task InitializeAsync()
    {
        using var ca = CreateCa("CN=crm test CA");
        using var otherCa = CreateCa("CN=crm other CA");
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        using var serverCertificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);

        await System.IO.File.WriteAllTextAsync(CaFile, ca.ExportCertificatePem());
        await System.IO.File.WriteAllTextAsync(OtherCaFile, otherCa.ExportCertificatePem());
        await System.IO.File.WriteAllTextAsync(File("cert.pem"), serverCertificate.ExportCertificatePem());
        await System.IO.File.WriteAllTextAsync(File("key.pem"), serverKey.ExportPkcs8PrivateKeyPem());

        _app = CrmServerApp.Build(
        [
            "--urls", "https://127.0.0.1:0", "--web-urls", "none",
            "--db", File("crm.db"),
            $"--Kestrel:Certificates:Default:Path={File("cert.pem")}",
            $"--Kestrel:Certificates:Default:KeyPath={File("key.pem")}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        Address = _app.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2)); // outlives the certificate it signs
    }
}

/// <summary>The `crm` program itself (crm.dll, a process of its own) against the https server: --ca-file / $CRM_CA_FILE, and the errors.</summary>
public sealed class TlsTests(TlsServerFixture server) : IClassFixture<TlsServerFixture>
{
    [Fact]
    public async Task With_the_CA_file_the_call_succeeds()
    {
        var run = await RunCrmAsync(["customers", "list", "--server", server.Address, "--ca-file", server.CaFile]);

        Assert.True(run.ExitCode == 0, run.Error);
    }

    [Fact]
    public async Task The_CA_file_may_come_from_CRM_CA_FILE()
    {
        var run = await RunCrmAsync(["customers", "list", "--server", server.Address], ("CRM_CA_FILE", server.CaFile));

        Assert.True(run.ExitCode == 0, run.Error);
    }

    [Fact]
    public async Task Without_the_CA_file_the_handshake_fails_with_one_clear_line()
    {
        var run = await RunCrmAsync(["customers", "list", "--server", server.Address]);

        AssertTlsRefusal(run);
    }

    [Fact]
    public async Task A_CA_file_of_another_CA_is_not_enough()
    {
        var run = await RunCrmAsync(["customers", "list", "--server", server.Address, "--ca-file", server.OtherCaFile]);

        AssertTlsRefusal(run);
    }

    [Fact]
    public async Task A_CA_file_that_cannot_be_read_is_one_line_naming_it()
    {
        var missing = server.File("missing.pem");

        var run = await RunCrmAsync(["customers", "list", "--server", server.Address, "--ca-file", missing]);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains($"--ca-file {missing}: cannot read the CA certificates", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CA_file_without_a_certificate_is_one_line_naming_it()
    {
        var empty = server.File("empty.pem");
        await File.WriteAllTextAsync(empty, "not a certificate\n");

        var run = await RunCrmAsync(["customers", "list", "--server", server.Address, "--ca-file", empty]);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains($"--ca-file {empty}: no PEM certificate", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_says_to_use_its_name()
    {
        // The certificate names 127.0.0.1 only.
        var run = await RunCrmAsync(["customers", "list", "--server", server.Address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal), "--ca-file", server.CaFile]);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains("TLS handshake with https://localhost:", line, StringComparison.Ordinal);
        Assert.Contains("use the host name the certificate was issued for in --server", line, StringComparison.Ordinal);
    }

    private static void AssertTlsRefusal(CrmRun run)
    {
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains("TLS handshake with https://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("certificate", line, StringComparison.Ordinal);
        Assert.Contains("--ca-file FILE", line, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>crm.dll in the CLI's own output folder (the test project's build writes where).</summary>
    private static readonly string CrmDll = typeof(TlsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CrmDll").Value ?? throw new InvalidOperationException("no CrmDll metadata");

    private sealed record CrmRun(int ExitCode, string Output, string Error);

    /// <summary>Runs crm.dll with <paramref name="args"/>, none of the caller's CRM_* variables, and <paramref name="environment"/>.</summary>
    private static async Task<CrmRun> RunCrmAsync(string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CrmDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("CRM_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new CrmRun(process.ExitCode, await output, await error);
    }
}
