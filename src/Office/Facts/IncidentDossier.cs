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
    IReadOnlyList<ReportRecord> EarlierReports)
{
    /// <summary>The incident's membership when the dossier was read (read first, so every join up to it is in <see cref="Posts"/>).</summary>
    public IncidentMembership Membership { get; init; } = new(Incident.Id, 0, 0);

    /// <summary>What the incident's newest report with a recorded coverage covered; null when none has one.</summary>
    public ReportCoverage? Coverage { get; init; }

    /// <summary>The posts that joined after <see cref="Coverage"/> (empty without one), oldest first.</summary>
    public IReadOnlyList<IncidentJoin> JoinedSince { get; init; } = [];
}

/// <summary>Reads an <see cref="IncidentDossier"/> through Core's store interfaces.</summary>
public sealed class DossierReader(
    IIncidentStore incidents,
    IAlertStore alerts,
    IIncidentActionStore actions,
    IIncidentWorkStore work,
    IEvidenceStore evidence,
    ITakedownStore takedowns,
    IReportStore reports,
    IReportQueries queries)
{
    public async Task<IncidentDossier?> ReadAsync(long incidentId, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) is not { } incident)
        {
            return null;
        }

        // Membership first: a post joining while the rest is read is then in Posts but not covered, so the next 续报
        // names it again rather than never.
        var membership = await queries.MembershipAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var coverage = await queries.LatestCoverageAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var joined = coverage is null ? [] : await queries.JoinsAfterAsync(incidentId, coverage.JoinSeq, newPlatformsOnly: false, cancellationToken).ConfigureAwait(false);

        // Set-based reads bounded by the incident: its alerts, then its packets and takedowns in one query each.
        var posts = await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var id = incidentId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var incidentAlerts = await alerts.ListAlertsOfIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var packets = await evidence.FindForIncidentAsync(id, [.. incidentAlerts.Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], cancellationToken).ConfigureAwait(false);
        var incidentTakedowns = await takedowns.ListForPostsAsync([.. posts.Select(p => p.PostId).Distinct()], [.. posts.Select(p => p.Url.AbsoluteUri).Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);

        return new IncidentDossier(
            incident,
            posts,
            [.. incidentAlerts.OrderBy(a => a.CreatedUtc).ThenBy(a => a.Id)],
            await actions.GetActionsAsync(incidentId, cancellationToken).ConfigureAwait(false),
            await work.GetAsync(incidentId, cancellationToken).ConfigureAwait(false),
            [.. packets.DistinctBy(e => e.Id).OrderBy(e => e.CreatedAtUtc)],
            [.. incidentTakedowns.OrderBy(t => t.RequestedAtUtc)],
            await reports.ListAsync(incidentId, 1000, cancellationToken).ConfigureAwait(false))
        {
            Membership = membership,
            Coverage = coverage,
            JoinedSince = [.. joined.Where(j => j.Seq <= membership.LastSeq)],
        };
    }
}
