namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>Signed acknowledgement links (<c>Alerting:Ack</c>).</summary>
public sealed class AckOptions
{
    public const string Section = "Alerting:Ack";

    /// <summary>
    /// HMAC-SHA256 key, base64, at least 32 bytes; keep it in <c>config/secrets.json</c>. Empty: a random key is
    /// generated once into <c>{Paths:Data}/alerting/ack.key</c> (owner-only) and reused.
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>Base URL written into links (the loopback endpoint by default).</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8788";

    /// <summary>Address the endpoint listens on; loopback by default.</summary>
    public string Listen { get; set; } = "http://127.0.0.1:8788";

    /// <summary>Whether <c>sw run</c> serves the endpoint.</summary>
    public bool Serve { get; set; } = true;

    /// <summary>How long a link stays valid. Default 1.00:00:00 (24 hours), one hour to 30 days, whole hours.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);
}
