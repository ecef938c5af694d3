using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>What checking an acknowledgement link found.</summary>
public enum AckLinkStatus
{
    Valid,
    Expired,
    Forged,
}

/// <summary>
/// Signed acknowledgement links: <c>{BaseUrl}/ack/{alertId}?r={responder}&amp;exp={unix}&amp;sig={hmac}</c>, where the
/// signature is HMAC-SHA256 over alert, responder and expiry. A changed id, responder or expiry fails the signature;
/// an old link fails the expiry.
/// </summary>
internal sealed class AckLinks(IOptions<AckOptions> options, IOptions<PathsOptions> paths, TimeProvider time)
{
    private readonly Lazy<byte[]> _key = new(() => LoadKey(options.Value, paths.Value));

    public Uri Create(long alertId, string responderId)
    {
        var exp = time.GetUtcNow().AddHours(options.Value.LinkLifetimeHours).ToUnixTimeSeconds();
        var sig = Sign(alertId, responderId, exp);
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/ack/{alertId}?r={Uri.EscapeDataString(responderId)}&exp={exp}&sig={sig}"));
    }

    public AckLinkStatus Verify(long alertId, string? responderId, string? exp, string? sig)
    {
        if (string.IsNullOrEmpty(responderId) || string.IsNullOrEmpty(sig)
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return AckLinkStatus.Forged;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(alertId, responderId, expiry));
        var given = Encoding.ASCII.GetBytes(sig);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return AckLinkStatus.Forged;
        }

        return time.GetUtcNow().ToUnixTimeSeconds() > expiry ? AckLinkStatus.Expired : AckLinkStatus.Valid;
    }

    private string Sign(long alertId, string responderId, long exp)
    {
        var data = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{alertId}\n{responderId}\n{exp}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, data));
    }

    /// <summary>The configured key, or a random one generated once into <c>{Paths:Data}/alerting/ack.key</c> (owner-only).</summary>
    internal static byte[] LoadKey(AckOptions o, PathsOptions paths)
    {
        if (!string.IsNullOrEmpty(o.SigningKey))
        {
            return Convert.FromBase64String(o.SigningKey);
        }

        var file = paths.DataPath("alerting", "ack.key");
        if (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = file + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Two processes starting at once: the first rename wins and both read the winner.
        try
        {
            File.Move(temp, file, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temp);
        }

        return Convert.FromBase64String(File.ReadAllText(file).Trim());
    }
}
