using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>Checks <c>Alerting:Delivery</c>: attempts, backoff, poll interval, batch size.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options) => ConfigErrors.Collect(e => Check(options, e));

    /// <summary>Adds every problem of <paramref name="d"/>, each naming its key under <c>Alerting:Delivery</c>.</summary>
    public static void Check(DeliveryOptions d, ConfigErrors e)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(e);
        if (d.MaxAttempts is < 1 or > 100)
        {
            e.Add("Alerting:Delivery:MaxAttempts", d.MaxAttempts, "must be 1…100");
        }

        if (d.BackoffBase <= TimeSpan.Zero || d.BackoffMax < d.BackoffBase)
        {
            e.Add("Alerting:Delivery:BackoffBase", d.BackoffBase, $"must be a positive time span not above Alerting:Delivery:BackoffMax ({d.BackoffMax})");
        }

        e.Range("Alerting:Delivery:BackoffMax", d.BackoffMax, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        e.Range("Alerting:Delivery:PollInterval", d.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));

        if (d.BatchSize is < 1 or > 10000)
        {
            e.Add("Alerting:Delivery:BatchSize", d.BatchSize, "must be 1…10000");
        }
    }
}
