using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrmGrpc.Contracts.V1;
using CrmGrpc.Server.Hosting;
using CrmGrpc.Server.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace CrmGrpc.Server.Tests.Hosting;

/// <summary>https URLs with the default certificate (PEM): a client that trusts exactly that certificate calls; others fail.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly X509Certificate2 _certificate;
    private readonly string _certificatePath;
    private readonly string _keyPath;

    public TlsTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=crm-grpc test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certificatePath = _directory.File("server.crt");
        _keyPath = _directory.File("server.key");
        File.WriteAllText(_certificatePath, _certificate.ExportCertificatePem());
        File.WriteAllText(_keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_client_trusting_the_certificate_calls_over_TLS_and_one_that_does_not_fails()
    {
        await using var server = await InProcessServer.StartAsync(_directory.File("crm.db"),
            "--urls", "https://127.0.0.1:0", "--web-urls", "https://127.0.0.1:0",
            "--Kestrel:Certificates:Default:Path=" + _certificatePath, "--Kestrel:Certificates:Default:KeyPath=" + _keyPath);
        Assert.StartsWith("https://127.0.0.1:", server.Address, StringComparison.Ordinal);

        using var trusting = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = Trusting(_certificate) });
        var health = await new Health.HealthClient(trusting).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await new CustomerService.CustomerServiceClient(trusting).GetCustomerAsync(new GetCustomerRequest { Id = "nobody" }));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        using var untrusting = GrpcChannel.ForAddress(server.Address);
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await new Health.HealthClient(untrusting).CheckAsync(new HealthCheckRequest()));
        Assert.NotEqual(StatusCode.OK, refused.StatusCode);
        Assert.True(Causes(refused.Status.DebugException).OfType<AuthenticationException>().Any(), refused.ToString()); // the handshake, not the call

        using var web = new HttpClient(Trusting(_certificate));
        using var metrics = await web.GetAsync(server.WebAddress + "/metrics");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public void An_https_URL_without_a_certificate_refuses_the_start()
    {
        var refused = Assert.Throws<StartupRefusedException>(() => CrmServerApp.Build(["--urls", "https://127.0.0.1:0", "--db", _directory.File("crm.db")]));

        Assert.StartsWith("refusing to start: https://127.0.0.1:0 is https but no certificate is configured", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    [Fact]
    public void An_unreadable_certificate_refuses_the_start()
    {
        var refused = Assert.Throws<StartupRefusedException>(() => CrmServerApp.Build(
            ["--urls", "http://127.0.0.1:0", "--web-urls", "https://127.0.0.1:0", "--db", _directory.File("crm.db"),
             "--Kestrel:Certificates:Default:Path=" + _directory.File("missing.crt"), "--Kestrel:Certificates:Default:KeyPath=" + _keyPath]));

        Assert.StartsWith("refusing to start: the TLS certificate could not be read", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    private static IEnumerable<Exception> Causes(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    /// <summary>A handler that accepts exactly <paramref name="certificate"/> (compared by its SHA-256 hash), whatever the system trusts.</summary>
    private static SocketsHttpHandler Trusting(X509Certificate2 certificate)
    {
        var expected = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == expected,
            },
        };
    }
}
