using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Incidents;

/// <summary>
/// Puts each post into its incident: the in-memory index of active incidents (rebuilt from the store on first use)
/// finds the incident it matches, the store records it; a post that matches a merged incident goes to the incident that
/// absorbed it, one that matches a closed incident re-opens it, and one that matches nothing starts a new incident.
/// </summary>
internal sealed class IncidentAssigner(
    IIncidentStore incidents,
    IIncidentActionStore actions,
    IOptions<AlertingOptions> options,
    TimeProvider time,
    ILogger<IncidentAssigner> logger)
{
    private readonly IncidentOptions _o = options.Value.Incidents;
    private IncidentClusterer? _index;

    /// <summary>How far <see cref="_index"/> reaches in the store's join feed (and the joins this node wrote after that).</summary>
    private IncidentView _view = new(0, 0);

    /// <summary>Refusals of one creation in a row before the pass gives up (each one means another node kept clustering).</summary>
    private const int MaxRefusals = 50;

    /// <summary>The in-memory incident index, rebuilt from the store on first use.</summary>
    internal async Task<IncidentClusterer> IndexAsync(CancellationToken cancellationToken)
    {
        if (_index is not null)
        {
            return _index;
        }

        var index = new IncidentClusterer(_o);

        // The feed position first: a join committed while the incidents are read is then both in the index and after
        // the view, which costs one refused creation, never a join missed.
        var view = new IncidentView(await incidents.LastJoinAsync(cancellationToken).ConfigureAwait(false), 0);
        var active = await incidents.ListAsync(time.GetUtcNow() - _o.Window, 100_000, cancellationToken).ConfigureAwait(false);
        var posts = 0;
        foreach (var incident in active.OrderBy(i => i.Id))
        {
            foreach (var post in await incidents.GetPostsAsync(incident.Id, cancellationToken).ConfigureAwait(false))
            {
                index.Add(incident.Id, post);
                posts++;
            }
        }

        PipelineLog.IndexRebuilt(logger, active.Count, posts);
        _index = index;
        _view = view;
        return index;
    }

    /// <summary>
    /// Drops the in-memory index, so the next pass rebuilds it from the store: called when this node becomes the alerting
    /// leader again, because incidents another node created while it did not lead are not in the index it kept.
    /// </summary>
    internal void ForgetIndex() => _index = null;

    /// <summary>Puts a post into its incident (store first, then the in-memory index) and returns the incident id.</summary>
    internal async Task<long> PlaceAsync(IncidentPost post, CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken).ConfigureAwait(false);
        if (await incidents.FindIncidentOfPostAsync(post.PostId, cancellationToken).ConfigureAwait(false) is { } known)
        {
            index.Add(known, post);
            return known;
        }

        var fingerprint = PostFingerprint.Of(post.Text, _o);
        for (var refusals = 0; ; refusals++)
        {
            var match = index.Match(post, fingerprint);
            var placed = post with { JoinReason = match.Reason, DuplicateOfPostId = match.DuplicateOfPostId };
            if (match.IncidentId is { } existing)
            {
                var id = await LiveIncidentAsync(existing, post.PostId, cancellationToken).ConfigureAwait(false);
                if (await incidents.AddPostAsync(id, placed, cancellationToken).ConfigureAwait(false))
                {
                    _view = _view.WithOwnJoin();
                }

                index.Add(id, placed, fingerprint);
                return id;
            }

            // A new incident only from a whole view: another node clustering at the same moment (a lease changing hands
            // mid-pass) may have just opened this story's incident, which this node's index has not seen.
            var record = new IncidentRecord(
                0, IncidentAnalysis.KeyOf(placed), IncidentAnalysis.TitleOf(placed), IncidentLevel.None, [], placed.At, placed.At, placed.PostId, placed.Url, 1,
                [placed.Platform], [placed.Label], [], "flat", false, "open");
            var creation = await incidents.CreateUnlessJoinedAsync(record, placed, _view, cancellationToken).ConfigureAwait(false);
            _view = creation.View;
            if (creation.IncidentId is { } created)
            {
                index.Add(created, placed, fingerprint);
                return created;
            }

            foreach (var join in creation.Missed)
            {
                index.Add(join.IncidentId, join.Post);
            }

            PipelineLog.IndexCaughtUp(logger, post.PostId, creation.Missed.Count);
            if (refusals >= MaxRefusals)
            {
                throw new InvalidOperationException($"Post {post.PostId}: the store refused to open an incident {MaxRefusals + 1} times in a row, each time because posts joined incidents meanwhile; another node is clustering at the same time.");
            }
        }
    }

    /// <summary>
    /// The incident a new post joins when the index matched <paramref name="matched"/>: a merged incident's posts go to
    /// the incident that absorbed it, and a closed incident is re-opened (善后 watch: the story came back) so it is
    /// notified again as a re-opening rather than as a new incident.
    /// </summary>
    private async Task<long> LiveIncidentAsync(long matched, long postId, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(matched, cancellationToken).ConfigureAwait(false);
        var id = matched;
        if (incident is { State: IncidentStates.Merged, MergedInto: { } into })
        {
            id = into;
            incident = await incidents.GetAsync(into, cancellationToken).ConfigureAwait(false);
        }

        if (incident is { State: IncidentStates.Closed })
        {
            try
            {
                await actions.ReopenAsync(id, "system", $"new post {postId} matched the incident after it was closed", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                PipelineLog.Reopened(logger, id, postId);
            }
            catch (ArgumentException)
            {
                // Re-opened by someone else in the meantime: nothing to do.
            }
        }

        return id;
    }
}
