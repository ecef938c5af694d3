using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Reports;

namespace SentimentWatch.Office.Facts;

/// <summary>Everything the store holds about one incident, read once for drafting.</summary>
public sealed record IncidentDossier(
    IncidentRecord Incident,
    IReadOnlyList<IncidentPost> Posts,
    IReadOnlyList<AlertRecord> Alerts,
    IReadOnlyList<IncidentAction> Actions,
    IReadOnlyList<IncidentWorkItem> Work,
    IReadOnlyList<EvidenceItem> Evidence,
    IReadOnlyList<TakedownRequest> Takedowns,
    IReadOnlyList<ReportRecord> EarlierReports);

/// <summary>Reads an <see cref="IncidentDossier"/> through Core's store interfaces.</summary>
public sealed class DossierReader(
    IIncidentStore incidents,
    IAlertStore alerts,
    IIncidentActionStore actions,
    IIncidentWorkStore work,
    IEvidenceStore evidence,
    ITakedownStore takedowns,
    IReportStore reports)
{
    public async Task<IncidentDossier?> ReadAsync(long incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { } incident)
        {
            return null;
        }

        var posts = await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var postIds = posts.Select(p => p.PostId).ToHashSet();
        var urls = posts.Select(p => p.Url.AbsoluteUri).ToHashSet(StringComparer.Ordinal);
        var allTakedowns = await takedowns.ListAsync(false, cancellationToken).ConfigureAwait(false);
        var id = incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var incidentAlerts = await alerts.ListAlertsOfIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false);

        // The evidence index matches alert ids and incident ids in one column pair: keep only the packets that really belong.
        var packets = (await evidence.FindByAlertOrIncidentAsync(id, cancellationToken).ConfigureAwait(false)).Where(e => e.IncidentId == id).ToList();
        foreach (var alert in incidentAlerts)
        {
            var alertId = alert.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            packets.AddRange((await evidence.FindByAlertOrIncidentAsync(alertId, cancellationToken).ConfigureAwait(false)).Where(e => e.AlertId == alertId));
        }

        return new IncidentDossier(
            incident,
            posts,
            [.. incidentAlerts.OrderBy(a => a.CreatedUtc).ThenBy(a => a.Id)],
            await actions.GetActionsAsync(incidentId, cancellationToken).ConfigureAwait(false),
            await work.GetAsync(incidentId, cancellationToken).ConfigureAwait(false),
            [.. packets.DistinctBy(e => e.Id).OrderBy(e => e.CreatedAtUtc)],
            [.. allTakedowns.Where(t => (t.PostId is { } p && postIds.Contains(p)) || urls.Contains(t.Url.AbsoluteUri)).OrderBy(t => t.RequestedAtUtc)],
            await reports.ListAsync(incidentId, 1000, cancellationToken).ConfigureAwait(false));
    }
}
