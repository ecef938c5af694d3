using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Pipeline;

/// <inheritdoc />
internal sealed class AlertingAdmin(IAlertStore alerts, IIncidentStore incidents, IOptions<RoutingOptions> routing, TimeProvider time) : IAlertingAdmin
{
    public Task<bool> AcknowledgeAsync(long alertId, string by, string via, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by))
        {
            throw new ArgumentException("An acknowledgement needs the name of the person.");
        }

        return alerts.AcknowledgeAsync(alertId, by.Trim(), via, time.GetUtcNow(), cancellationToken);
    }

    public async Task<Silence> SilenceAsync(long incidentId, string by, string reason, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A silence needs who sets it and why (the false positive reviewed).");
        }

        var max = TimeSpan.FromMinutes(routing.Value.MaxSilenceMinutes);
        if (duration <= TimeSpan.Zero || duration > max)
        {
            throw new ArgumentException($"A silence lasts between 1 minute and {max.TotalMinutes:0} minutes (Alerting:Routing:MaxSilenceMinutes).");
        }

        if (await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ArgumentException($"No incident {incidentId}.");
        }

        var now = time.GetUtcNow();
        return await alerts.AddSilenceAsync(incidentId, by.Trim(), reason.Trim(), now, now + duration, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IncidentRecord> DowngradeAsync(long incidentId, IncidentLevel target, string by, string reason, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) ?? throw new ArgumentException($"No incident {incidentId}.");
        var decision = LevelPolicy.Downgrade(incident.Level, target, by, reason);
        var updated = incident with { Level = decision.Level, Reasons = [decision.HeldReason!, .. incident.Reasons.Where(r => r.Rule != "manual_downgrade")] };
        await incidents.UpdateAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated;
    }
}
