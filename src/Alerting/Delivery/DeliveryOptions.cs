namespace SentimentWatch.Alerting.Delivery;

/// <summary>Outbox delivery (<c>Alerting:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Alerting:Delivery";

    /// <summary>Failed attempts after which a message becomes a dead letter (which is itself alerted).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles per attempt up to <see cref="BackoffMax"/>. Default 00:00:05.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest retry delay. Default 00:05:00.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the dispatcher looks for due messages when idle. Default 00:00:01, at most 10 minutes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages claimed per channel per pass.</summary>
    public int BatchSize { get; set; } = 50;
}
