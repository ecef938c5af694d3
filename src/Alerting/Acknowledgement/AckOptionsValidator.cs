using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>Checks <c>Alerting:Ack</c>: the signing key (never echoed), the URLs, the link lifetime.</summary>
internal sealed class AckOptionsValidator : IValidateOptions<AckOptions>
{
    public ValidateOptionsResult Validate(string? name, AckOptions options) => ConfigErrors.Collect(e => Check(options, e));

    /// <summary>Adds every problem of <paramref name="a"/>, each naming its key under <c>Alerting:Ack</c>.</summary>
    public static void Check(AckOptions a, ConfigErrors e)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(e);
        byte[]? key = null;
        try
        {
            key = Convert.FromBase64String(a.SigningKey);
        }
        catch (FormatException)
        {
        }

        if (a.SigningKey.Length > 0 && (key is null || key.Length < 32))
        {
            // The value itself is a secret: name the key, never echo it.
            e.Add("Alerting:Ack:SigningKey", "must be base64 of at least 32 random bytes (set it in config/secrets.json, or leave it empty to use a generated key file under Paths:Data)");
        }

        if (!Uri.TryCreate(a.BaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            e.Add("Alerting:Ack:BaseUrl", a.BaseUrl, "is not an absolute http(s) URI");
        }

        if (!Uri.TryCreate(a.Listen, UriKind.Absolute, out var listen) || listen.Scheme != "http")
        {
            e.Add("Alerting:Ack:Listen", a.Listen, "is not an http URI to listen on");
        }

        e.Range("Alerting:Ack:LinkLifetime", a.LinkLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(30));
    }
}
