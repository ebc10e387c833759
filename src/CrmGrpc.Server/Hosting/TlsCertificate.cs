using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrmGrpc.Server.Hosting;

/// <summary>
/// The certificate of the https endpoints, from Kestrel's standard default-certificate settings:
/// <c>Kestrel:Certificates:Default:Path</c> with <c>KeyPath</c> (PEM; <c>Password</c> for an encrypted key), or a PKCS#12
/// file at <c>Path</c> alone. Loaded before the host is built, so a missing or unreadable certificate is one line at start-up
/// (<see cref="StartupRefusedException"/>), not a failure at the first connection. Relative paths are resolved against the
/// working directory, like <c>--db</c>.
/// </summary>
public static class TlsCertificate
{
    public const string SectionName = "Kestrel:Certificates:Default";

    /// <summary>The certificate when any of <paramref name="urls"/> is https, else null; refuses to start when it cannot be had.</summary>
    public static X509Certificate2? LoadIfNeeded(IEnumerable<string> urls, IConfiguration configuration)
    {
        var https = urls.FirstOrDefault(url => url.TrimStart().StartsWith("https:", StringComparison.OrdinalIgnoreCase));
        if (https is null)
        {
            return null;
        }

        var section = configuration.GetSection(SectionName);
        var path = section["Path"];
        var keyPath = section["KeyPath"];
        var password = section["Password"];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new StartupRefusedException(
                $"refusing to start: {https} is https but no certificate is configured; set {SectionName}:Path and {SectionName}:KeyPath (PEM files)");
        }

        try
        {
            var certificate = string.IsNullOrWhiteSpace(keyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(Path.GetFullPath(path), password)
                : string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(Path.GetFullPath(path), Path.GetFullPath(keyPath))
                    : X509Certificate2.CreateFromEncryptedPemFile(Path.GetFullPath(path), password, Path.GetFullPath(keyPath));
            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new CryptographicException("the certificate has no private key");
            }

            return certificate;
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupRefusedException(
                $"refusing to start: the TLS certificate could not be read ({SectionName}:Path '{path}'{(keyPath is null ? "" : $", KeyPath '{keyPath}'")}): {exception.Message.ReplaceLineEndings(" ")}");
        }
    }
}
