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

/// <summary>The two things a link can do.</summary>
internal static class AckActions
{
    /// <summary>Acknowledge the alert (escalation stops).</summary>
    public const string Ack = "ack";

    /// <summary>Acknowledge and record a label for every post of the incident as classifier feedback.</summary>
    public const string Label = "label";
}

/// <summary>
/// Signed acknowledgement links: <c>{BaseUrl}/ack/{alertId}?r={responder}&amp;action={ack|label}[&amp;label={label}]&amp;exp={unix}&amp;sig={hmac}</c>,
/// where the signature is HMAC-SHA256 over alert, responder, action, label and expiry. A changed id, responder,
/// action, label or expiry fails the signature; an old link fails the expiry. A link never acts on a GET: the
/// endpoint answers with a confirmation page holding a form token (<see cref="FormToken"/>) bound to the link, and
/// only a POST carrying that token acts, once.
/// </summary>
internal sealed class AckLinks(IOptions<AckOptions> options, IOptions<PathsOptions> paths, TimeProvider time)
{
    private readonly Lazy<byte[]> _key = new(() => LoadKey(options.Value, paths.Value));

    /// <summary>A link that acknowledges, or, with <paramref name="label"/>, acknowledges and records that label.</summary>
    public Uri Create(long alertId, string responderId, string? label = null)
    {
        var exp = time.GetUtcNow().Add(options.Value.LinkLifetime).ToUnixTimeSeconds();
        var action = label is null ? AckActions.Ack : AckActions.Label;
        var sig = Sign(alertId, responderId, action, label, exp);
        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        var labelPart = label is null ? string.Empty : "&label=" + Uri.EscapeDataString(label);
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/ack/{alertId}?r={Uri.EscapeDataString(responderId)}&action={action}{labelPart}&exp={exp}&sig={sig}"));
    }

    public AckLinkStatus Verify(long alertId, string? responderId, string? action, string? label, string? exp, string? sig)
    {
        if (string.IsNullOrEmpty(responderId) || string.IsNullOrEmpty(sig)
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || (action, label) is not (AckActions.Ack, null) and not (AckActions.Label, not null))
        {
            return AckLinkStatus.Forged;
        }

        if (!SameHex(Sign(alertId, responderId, action, label, expiry), sig))
        {
            return AckLinkStatus.Forged;
        }

        return time.GetUtcNow().ToUnixTimeSeconds() > expiry ? AckLinkStatus.Expired : AckLinkStatus.Valid;
    }

    /// <summary>
    /// The confirmation form's token for the link signed <paramref name="sig"/>: like an antiforgery token, it proves
    /// the POST comes from the page the endpoint served for that very link (a different purpose string keeps it from
    /// ever equalling a link signature).
    /// </summary>
    public string FormToken(string sig) => Mac("ack-form\n" + sig);

    public bool VerifyFormToken(string sig, string? token) => !string.IsNullOrEmpty(token) && SameHex(FormToken(sig), token);

    private static bool SameHex(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));

    private string Sign(long alertId, string responderId, string action, string? label, long exp) =>
        Mac(string.Create(CultureInfo.InvariantCulture, $"{alertId}\n{responderId}\n{action}\n{label}\n{exp}"));

    private string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(text)));

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
