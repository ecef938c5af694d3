using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Evidence;

/// <summary>The signing certificate (with key) and the chain to put in the packet.</summary>
internal sealed record SignerMaterial(X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> Chain, bool IsDevelopment, string Source);

/// <summary>
/// Loads the bureau's signing certificate from config, or generates (once) a self-signed development certificate
/// whose subject says so. An expired or not-yet-valid certificate is refused: the packet is then unsigned and not sound.
/// </summary>
internal sealed class SignerCertificates(IOptions<EvidenceOptions> options, IOptions<PathsOptions> paths, TimeProvider time, ILogger<SignerCertificates> logger)
{
    public const string DevelopmentSubject = "CN=SentimentWatch DEVELOPMENT signer - NOT FOR EVIDENTIAL USE, O=SentimentWatch development, OU=DEVELOPMENT";

    private readonly Lock _gate = new();
    private SignerMaterial? _cached;

    public SignerMaterial? Load(out string? problem)
    {
        lock (_gate)
        {
            problem = null;
            var now = time.GetUtcNow();
            if (_cached is null)
            {
                try
                {
                    _cached = LoadCore();
                }
                catch (CryptographicException ex)
                {
                    problem = $"signing certificate could not be loaded: {ex.Message}";
                    return null;
                }
                catch (IOException ex)
                {
                    problem = $"signing certificate could not be read: {ex.Message}";
                    return null;
                }
            }

            if (_cached is null)
            {
                problem = "no signing certificate configured (Evidence:Signing:CertificatePath) and the development certificate is not allowed";
                return null;
            }

            var cert = _cached.Certificate;
            if (!cert.HasPrivateKey)
            {
                problem = $"signing certificate {cert.Subject} has no private key";
                return null;
            }

            if (cert.NotAfter.ToUniversalTime() < now.UtcDateTime || cert.NotBefore.ToUniversalTime() > now.UtcDateTime)
            {
                problem = $"signing certificate {cert.Subject} is not valid now (valid {cert.NotBefore.ToUniversalTime():u} to {cert.NotAfter.ToUniversalTime():u})";
                return null;
            }

            return _cached;
        }
    }

    private SignerMaterial? LoadCore()
    {
        var o = options.Value.Signing;
        if (!string.IsNullOrWhiteSpace(o.CertificatePath))
        {
            var cert = X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, o.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            var chain = new List<X509Certificate2>();
            if (!string.IsNullOrWhiteSpace(o.ChainPath))
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPemFile(o.ChainPath);
                chain.AddRange(collection.Where(c => c.Thumbprint != cert.Thumbprint));
            }

            return new SignerMaterial(cert, chain, false, o.CertificatePath);
        }

        if (!o.AllowDevelopmentCertificate)
        {
            return null;
        }

        var dir = Path.Combine(EvidencePaths.Root(options.Value, paths.Value), "dev-signer");
        var pfx = Path.Combine(dir, "dev-signer.pfx");
        if (!File.Exists(pfx))
        {
            Directory.CreateDirectory(dir);
            using var rsa = RSA.Create(3072);
            var request = new CertificateRequest(DevelopmentSubject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.KeyCertSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = time.GetUtcNow();
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(3));
            AtomicFile.Write(pfx, created.Export(X509ContentType.Pkcs12));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(pfx, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            AtomicFile.WriteText(Path.Combine(dir, "dev-signer-root.pem"), created.ExportCertificatePem() + "\n");
        }

        EvidenceLog.DevelopmentCertificate(logger, pfx);
        var loaded = X509CertificateLoader.LoadPkcs12FromFile(pfx, null, X509KeyStorageFlags.EphemeralKeySet);
        return new SignerMaterial(loaded, [], true, pfx);
    }
}

/// <summary>Where packets live.</summary>
internal static class EvidencePaths
{
    public static string Root(EvidenceOptions options, PathsOptions paths) => options.PacketsRoot(paths);
}
