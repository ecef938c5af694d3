using System.Globalization;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.PressLines;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Office.Facts;

/// <summary>
/// Answers "does this reference still point at a record?" for every <see cref="SourceKinds"/> kind, through the same
/// store interfaces the drafters read. The console's footnotes and the dangling-reference test use it.
/// </summary>
public sealed class ReferenceResolver(
    IPostStore posts,
    IIncidentStore incidents,
    IAlertStore alerts,
    IIncidentActionStore actions,
    IIncidentWorkStore work,
    IEvidenceStore evidence,
    ITakedownStore takedowns,
    ISourceStateStore sources,
    IReportStore reports,
    IClassificationStore classifications,
    IPressLineStore pressLines,
    Microsoft.Extensions.Options.IOptions<PressLines.PressLineOptions> pressLineOptions,
    IReportQueries reportQueries,
    ExamStages stages)
{
    /// <summary>The references among <paramref name="references"/> that no longer resolve, in order.</summary>
    public async Task<IReadOnlyList<SourceRef>> DanglingAsync(IEnumerable<SourceRef> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var dangling = new List<SourceRef>();
        foreach (var reference in references)
        {
            if (!await ResolvesAsync(reference, cancellationToken).ConfigureAwait(false))
            {
                dangling.Add(reference);
            }
        }

        return dangling;
    }

    public async Task<bool> ResolvesAsync(SourceRef reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        switch (reference.Kind)
        {
            case SourceKinds.Post:
                return Long(reference.Id) is { } post && await posts.GetPostAsync(post, cancellationToken).ConfigureAwait(false) is not null;
            case SourceKinds.Incident:
                return Long(reference.Id) is { } incident && await incidents.GetAsync(incident, cancellationToken).ConfigureAwait(false) is not null;
            case SourceKinds.Alert:
                return Long(reference.Id) is { } alert && await alerts.GetAlertAsync(alert, cancellationToken).ConfigureAwait(false) is not null;
            case SourceKinds.Action:
                return Pair(reference.Id) is var (ai, aid) && (await actions.GetActionsAsync(ai, cancellationToken).ConfigureAwait(false)).Any(a => a.Id == aid);
            case SourceKinds.Work:
                return Pair(reference.Id) is var (wi, wid) && (await work.GetAsync(wi, cancellationToken).ConfigureAwait(false)).Any(w => w.Id == wid);
            case SourceKinds.Evidence:
                return await evidence.GetAsync(reference.Id, cancellationToken).ConfigureAwait(false) is not null;
            case SourceKinds.Takedown:
                return Long(reference.Id) is { } takedown && await takedowns.GetAsync(takedown, cancellationToken).ConfigureAwait(false) is not null;
            case SourceKinds.Source:
                return (await sources.GetRecentRunsAsync(reference.Id, 1, cancellationToken).ConfigureAwait(false)).Count > 0;
            case SourceKinds.Report:
                return Long(reference.Id) is { } report && await reports.GetAsync(report, cancellationToken).ConfigureAwait(false) is not null;
            case SourceKinds.Classification:
                return Long(reference.Id) is { } seq and > 0
                    && (await classifications.GetAfterAsync(seq - 1, 1, cancellationToken).ConfigureAwait(false)) is [var c, ..] && c.Sequence == seq;
            case SourceKinds.PressLine:
                return Pair(reference.Id) is var (version, step) && (await pressLines.GetStepsAsync(version, cancellationToken).ConfigureAwait(false)).Any(s => s.Id == step);
            case SourceKinds.Query:
                return PostCountQuery.TryParse(reference.Id, out _, out _) || await IncidentQuery.ResolvesAsync(reference.Id, reportQueries, stages, cancellationToken).ConfigureAwait(false);
            case SourceKinds.Config:
                return !string.IsNullOrWhiteSpace(pressLineOptions.Value.FactSetting(reference.Id));
            case SourceKinds.Clock:
                return DateTimeOffset.TryParseExact(reference.Id, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
            default:
                return false;
        }
    }

    private static long? Long(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static (long, long)? Pair(string s) =>
        s.Split('/') is [var a, var b] && Long(a) is { } x && Long(b) is { } y ? (x, y) : null;
}

/// <summary>The re-runnable count behind a <see cref="SourceKinds.Query"/> reference: <c>posts FROM TO</c>.</summary>
public static class PostCountQuery
{
    public static bool TryParse(string id, out DateTimeOffset fromUtc, out DateTimeOffset toUtc)
    {
        fromUtc = toUtc = default;
        return id.Split(' ') is ["posts", var f, var t]
            && DateTimeOffset.TryParse(f, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out fromUtc)
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out toUtc)
            && toUtc > fromUtc;
    }
}
