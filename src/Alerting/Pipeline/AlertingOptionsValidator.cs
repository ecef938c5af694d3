using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Escalation;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// Refuses start-up on any bad alerting setting, naming every problem with its key and value: the section's own keys,
/// each part through its own validator, the references between parts (escalation targets and sites name responders),
/// and the retired integer duration keys still present.
/// </summary>
internal sealed class AlertingOptionsValidator(IConfiguration configuration) : IValidateOptions<AlertingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        var errors = Check(options);
        RetiredAlertingKeys.Check(configuration.GetSection(AlertingOptions.Section), errors);
        return errors.ToResult();
    }

    public static ConfigErrors Check(AlertingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var e = new ConfigErrors();
        e.Range($"{AlertingOptions.Section}:PollInterval", o.PollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        GradingOptionsValidator.Check(o.Grading, e);
        IncidentOptionsValidator.Check(o.Incidents, e);
        RoutingOptionsValidator.Check(o.Routing, e);
        GazetteerOptionsValidator.Check(o.Gazetteer, e);
        for (var i = 0; i < o.Gazetteer.Sites.Count; i++)
        {
            if (o.Gazetteer.Sites[i].Responder is { } responder && !o.Routing.Responders.ContainsKey(responder))
            {
                e.Add($"{GazetteerOptions.Section}:Sites:{i}:Responder", responder, "is not a configured responder");
            }
        }

        DeliveryOptionsValidator.Check(o.Delivery, e);
        AckOptionsValidator.Check(o.Ack, e);
        EscalationOptionsValidator.Check(o.Escalation, e);
        foreach (var (level, policy) in o.Escalation.Levels)
        {
            for (var i = 0; i < policy.Steps.Count; i++)
            {
                RoutingOptionsValidator.CheckTargets($"{EscalationOptions.Section}:Levels:{level}:Steps:{i}:Targets", policy.Steps[i].Targets, o.Routing, e, allowSites: false);
            }
        }

        return e;
    }

    /// <inheritdoc cref="RoutingOptionsValidator.IsEmail"/>
    internal static bool IsEmail(string? address) => RoutingOptionsValidator.IsEmail(address);
}
