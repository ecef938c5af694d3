namespace SentimentWatch.Alerting.Delivery;

/// <summary>Outbox delivery (<c>Alerting:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Alerting:Delivery";

    /// <summary>Failed attempts after which a message becomes a dead letter (which is itself alerted).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; doubles per attempt up to <see cref="BackoffMaxSeconds"/>.</summary>
    public double BackoffBaseSeconds { get; set; } = 5;

    public double BackoffMaxSeconds { get; set; } = 300;

    /// <summary>How often the dispatcher looks for due messages when idle.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>Messages claimed per channel per pass.</summary>
    public int BatchSize { get; set; } = 50;
}
