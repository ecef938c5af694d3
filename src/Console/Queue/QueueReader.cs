using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.DutyConsole.Queue;

/// <summary>A piece of post text: plain, or a contact to highlight.</summary>
public sealed record TextPiece(string Text, bool Contact);

/// <summary>One row of the 研判队列: an alert with what a commentator needs to decide on it.</summary>
public sealed record QueueRow(
    AlertRecord Alert,
    IncidentRecord? Incident,
    string FirstSource,
    string? Label,
    double? Probability,
    IReadOnlyList<string> ModelReasons,
    IReadOnlyList<TextPiece> Original,
    string? Normalised,
    IReadOnlyList<string> Contacts,
    IReadOnlyList<int> Spread,
    int EvidenceSound,
    int EvidenceTotal,
    string? Assignee,
    ExamMoment? Stage);

/// <summary>Queue filters (all optional) from the query string.</summary>
/// <param name="Stage">An exam stage name (<see cref="ExamCalendarOptions.KnownStages"/>) the incident's first post fell in, or <see cref="NoStage"/> for none.</param>
public sealed record QueueFilter(string? Level, string? Label, string? Platform, string? State, bool Mine, string? Source, string? Stage = null)
{
    /// <summary>The stage filter value for alerts outside every exam stage.</summary>
    public const string NoStage = "none";

    public static QueueFilter Default { get; } = new(null, null, null, null, false, null);
}

/// <summary>What the queue page shows: rows after filtering, counts per level of everything unacknowledged, and a stamp that changes whenever either does.</summary>
/// <param name="Rows">The first <see cref="QueueReader.MaxRows"/> matching rows (highest level, then newest).</param>
/// <param name="Matching">How many rows match the filter (more than <paramref name="Rows"/> holds when the queue is long).</param>
public sealed record QueueView(IReadOnlyList<QueueRow> Rows, int Matching, IReadOnlyDictionary<IncidentLevel, int> OpenCounts, int OpenTotal, string Stamp, IReadOnlyList<string> Platforms, IReadOnlyList<string> Sources);

/// <summary>
/// Reads the queue from the alert, incident, post, classification and evidence stores. The unfiltered snapshot is shared by
/// every session. With a change feed (<see cref="IQueueChanges"/>), the snapshot is read whole once and then kept up to
/// date from what changed since (one indexed read when nothing did; the changed alerts and incidents otherwise), so an
/// open queue's poll is cheap and a new alert shows at the next poll. Without one, the whole snapshot is read again when
/// it is older than <see cref="SnapshotAge"/>.
/// </summary>
internal sealed class QueueReader(
    IAlertStore alerts,
    IIncidentStore incidents,
    IPostStore posts,
    IClassificationStore classifications,
    IIncidentWorkStore work,
    TimeProvider time,
    IEvidenceStore? evidence = null,
    ITextNormaliser? normaliser = null,
    ExamCalendar? calendar = null,
    IQueueChanges? changes = null)
{
    /// <summary>How many of the newest alerts the queue considers.</summary>
    public const int Window = 2000;

    /// <summary>
    /// Rows one page shows. A commentator works from the top; the rows handled drop out and the next ones move up.
    /// Rendering the rows is the queue page's cost (about 0.4 ms of CPU per row, measured on a 1,000,000-post store;
    /// reading the shared snapshot is 2–5 ms), so a page holds what a duty desk works through before the next refresh.
    /// </summary>
    public const int MaxRows = 50;

    /// <summary>Characters of post text shown in a row (the incident page shows all).</summary>
    public const int ExcerptChars = 280;

    /// <summary>Buckets of the spread sparkline.</summary>
    public const int SparkBuckets = 24;

    /// <summary>More changes than this since the last read: read the whole queue instead (a backlog after a pause).</summary>
    public const int MaxIncremental = 500;

    private static readonly TimeSpan SnapshotAge = TimeSpan.FromMilliseconds(400);

    /// <summary>With a change feed: how old the snapshot may be before a read asks the feed (its cost is one indexed read).</summary>
    private static readonly TimeSpan CatchUpAge = TimeSpan.FromMilliseconds(100);

    /// <summary>The change feed's position the snapshot includes.</summary>
    private long _position;

    /// <summary>Set by <see cref="Invalidate"/> with a change feed: the next read asks the feed whatever the snapshot's age.</summary>
    private volatile bool _stale;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;
    private readonly Lock _refreshLock = new();
    private Task? _refresh;
    private Dictionary<string, QueueRow> _rows = new(StringComparer.Ordinal);

    /// <param name="fresh">Wait for a snapshot read now rather than serve the last one (the live poll: it is small and waits in the background).</param>
    public async Task<QueueView> ReadAsync(QueueFilter filter, string user, IReadOnlySet<long>? onlyIncidents, bool fresh, CancellationToken cancellationToken)
    {
        var all = await SnapshotAsync(fresh, cancellationToken).ConfigureAwait(false);
        var visible = onlyIncidents is null ? all : all.Where(r => r.Incident is { } i && onlyIncidents.Contains(i.Id)).ToList();
        var open = visible.Where(r => r.Alert.State == "open").ToList();
        var counts = open.GroupBy(r => r.Alert.Level).ToDictionary(g => g.Key, g => g.Count());
        var matching = visible.Where(r => Matches(r, filter, user)).ToList();
        var rows = matching.Take(MaxRows).ToList();
        var stamp = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(matching.Count.ToString(CultureInfo.InvariantCulture) + ";" + string.Join(";", rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Alert.Id}:{r.Alert.State}:{r.Alert.Level}:{r.Assignee}:{r.Incident?.PostCount}:{r.EvidenceSound}/{r.EvidenceTotal}"))))))[..16];
        return new QueueView(rows, matching.Count, counts, open.Count, stamp,
            visible.SelectMany(r => r.Incident?.Platforms ?? []).Distinct().Order(StringComparer.Ordinal).ToList(),
            visible.Select(r => r.FirstSource).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>After a state change made here: the next read shows it (asks the change feed, or reads the queue again).</summary>
    public void Invalidate()
    {
        if (changes is null)
        {
            _snapshot = null;
        }
        else
        {
            _stale = true;
        }
    }

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<QueueRow> Rows);

    private static bool Matches(QueueRow r, QueueFilter f, string user)
    {
        var state = string.IsNullOrEmpty(f.State) ? "open" : f.State;
        if (state != "all" && r.Alert.State != state)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(f.Level) && (!IncidentLevels.TryParse(f.Level, out var level) || r.Alert.Level != level))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(f.Label) && r.Label != f.Label && r.Incident?.Labels.Contains(f.Label) != true)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(f.Platform) && r.Incident?.Platforms.Contains(f.Platform) != true)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(f.Source) && r.FirstSource != f.Source)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(f.Stage) && (r.Stage?.Stage ?? QueueFilter.NoStage) != f.Stage)
        {
            return false;
        }

        return !f.Mine || string.Equals(r.Assignee, user, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The shared snapshot. A fresh one is served as it is; an older one is served too while one background read replaces
    /// it (so no page waits for the whole queue to be re-read); the live poll (<paramref name="fresh"/>) waits for that read,
    /// so a new alert shows within one poll and one read. The first read and a read after <see cref="Invalidate"/> (an
    /// action made here) wait for the store.
    /// </summary>
    private async Task<IReadOnlyList<QueueRow>> SnapshotAsync(bool fresh, CancellationToken cancellationToken)
    {
        if (changes is not null && _snapshot is { } current)
        {
            if (!_stale && time.GetUtcNow() - current.At < CatchUpAge)
            {
                return current.Rows;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_stale || time.GetUtcNow() - _snapshot!.At >= CatchUpAge)
                {
                    _stale = false;
                    await CatchUpAsync(changes, cancellationToken).ConfigureAwait(false);
                }

                return _snapshot!.Rows;
            }
            finally
            {
                _gate.Release();
            }
        }

        if (_snapshot is { } s)
        {
            if (time.GetUtcNow() - s.At < SnapshotAge)
            {
                return s.Rows;
            }

            Task refresh;
            lock (_refreshLock)
            {
                refresh = _refresh is { IsCompleted: false } running ? running : _refresh = Task.Run(RefreshAsync, CancellationToken.None);
            }

            if (!fresh)
            {
                return s.Rows;
            }

            await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            return (_snapshot ?? s).Rows;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshot is { } again)
            {
                return again.Rows;
            }

            var started = time.GetUtcNow();
            // The feed's position before the read: a change made during it is applied again afterwards (harmless).
            var position = changes is null ? 0 : await changes.PositionAsync(cancellationToken).ConfigureAwait(false);
            var rows = await LoadAsync(cancellationToken).ConfigureAwait(false);
            _position = position;
            _snapshot = new Snapshot(started, rows);
            return rows;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Brings the snapshot up to date from the change feed (called under the gate): nothing changed costs one read; changed
    /// alerts and incidents re-read only their rows; a backlog beyond <see cref="MaxIncremental"/> or a pruned gap reads the
    /// whole queue.
    /// </summary>
    private async Task CatchUpAsync(IQueueChanges feed, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var batch = await feed.ReadSinceAsync(_position, MaxIncremental, cancellationToken).ConfigureAwait(false);
        if (batch.Gap || batch.More)
        {
            var position = await feed.PositionAsync(cancellationToken).ConfigureAwait(false);
            var all = await LoadAsync(cancellationToken).ConfigureAwait(false);
            _position = position;
            _snapshot = new Snapshot(started, all);
            return;
        }

        var rows = _snapshot!.Rows.ToDictionary(r => r.Alert.Id);
        if (batch.AlertIds.Count > 0 || batch.IncidentIds.Count > 0)
        {
            var redo = new Dictionary<long, AlertRecord>();
            foreach (var id in batch.AlertIds)
            {
                var alert = await alerts.GetAlertAsync(id, cancellationToken).ConfigureAwait(false);
                if (alert is { State: "open" or "acknowledged" })
                {
                    redo[id] = alert;
                }
                else
                {
                    rows.Remove(id);
                }
            }

            var touched = batch.IncidentIds.ToHashSet();
            foreach (var row in rows.Values.Where(r => r.Incident is { } i && touched.Contains(i.Id) && !redo.ContainsKey(r.Alert.Id)))
            {
                redo[row.Alert.Id] = row.Alert;
            }

            var assignees = await work.GetAssigneesAsync(cancellationToken).ConfigureAwait(false);
            var read = new Dictionary<long, (IncidentRecord? Incident, int Sound, int Total)>();
            foreach (var alert in redo.Values)
            {
                var incident = (IncidentRecord?)null;
                (int Sound, int Total) packetCount = (0, 0);
                if (alert.IncidentId is { } incidentId)
                {
                    if (!read.TryGetValue(incidentId, out var known))
                    {
                        known = (await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false), 0, 0);
                        var key = incidentId.ToString(CultureInfo.InvariantCulture);
                        if (evidence is not null)
                        {
                            var packets = (await evidence.FindByAlertOrIncidentAsync(key, cancellationToken).ConfigureAwait(false))
                                .Where(p => string.Equals(p.IncidentId, key, StringComparison.Ordinal)).ToList();
                            known = (known.Incident, packets.Count(p => p.Sound), packets.Count);
                        }

                        read[incidentId] = known;
                    }

                    (incident, packetCount) = (known.Incident, (known.Sound, known.Total));
                }

                var assignee = incident is null ? null : assignees.GetValueOrDefault(incident.Id);
                rows[alert.Id] = await RowAsync(alert, incident, assignee, packetCount.Sound, packetCount.Total, cancellationToken).ConfigureAwait(false);
            }
        }

        _position = batch.Position;
        // The window stays the newest alerts, as a whole read takes them.
        _snapshot = new Snapshot(started, Order(rows.Values.OrderByDescending(r => r.Alert.Id).Take(Window)).ToList());
    }

    private static IEnumerable<QueueRow> Order(IEnumerable<QueueRow> rows) =>
        rows.OrderByDescending(r => r.Alert.Level).ThenByDescending(r => r.Alert.CreatedUtc).ThenByDescending(r => r.Alert.Id);

    private async Task RefreshAsync()
    {
        try
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var started = time.GetUtcNow();
                var rows = await LoadAsync(CancellationToken.None).ConfigureAwait(false);
                if (_snapshot is not null)
                {
                    _snapshot = new Snapshot(started, rows);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next page read loads in its own request and shows the failure there, instead of serving an old queue.
            _snapshot = null;
        }
    }

    private async Task<IReadOnlyList<QueueRow>> LoadAsync(CancellationToken cancellationToken)
    {
        // Four reads for the whole queue; the per-row reads (posts, classification, normalisation) run only for rows whose
        // alert, incident, assignee or evidence changed since the last snapshot.
        var recent = await alerts.ListAlertsAsync(Window, cancellationToken).ConfigureAwait(false);
        var assignees = await work.GetAssigneesAsync(cancellationToken).ConfigureAwait(false);
        var known = (await incidents.ListAsync(DateTimeOffset.MinValue, Window * 2, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id);
        var packets = evidence is null ? [] : await evidence.ListAsync(Window * 5, cancellationToken).ConfigureAwait(false);
        var packetsByIncident = packets.Where(p => p.IncidentId is not null).GroupBy(p => p.IncidentId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Sound: g.Count(p => p.Sound), Total: g.Count()), StringComparer.Ordinal);
        var rows = new List<QueueRow>();
        var cache = new Dictionary<string, QueueRow>(StringComparer.Ordinal);
        foreach (var alert in recent.Where(a => a.State is "open" or "acknowledged"))
        {
            var incident = alert.IncidentId is { } id
                ? known.GetValueOrDefault(id) ?? await incidents.GetAsync(id, cancellationToken).ConfigureAwait(false)
                : null;
            var assignee = incident is null ? null : assignees.GetValueOrDefault(incident.Id);
            var packetCount = incident is null ? (0, 0) : packetsByIncident.GetValueOrDefault(incident.Id.ToString(CultureInfo.InvariantCulture));
            var key = string.Create(CultureInfo.InvariantCulture,
                $"{alert.Id}|{alert.State}|{alert.Level}|{incident?.PostCount}|{incident?.LastSeenUtc.UtcTicks}|{incident?.Level}|{incident?.State}|{assignee}|{packetCount}");
            var row = _rows.TryGetValue(key, out var cached)
                ? cached
                : await RowAsync(alert, incident, assignee, packetCount.Item1, packetCount.Item2, cancellationToken).ConfigureAwait(false);
            cache[key] = row;
            rows.Add(row);
        }

        _rows = cache;
        return Order(rows).ToList();
    }

    private async Task<QueueRow> RowAsync(AlertRecord alert, IncidentRecord? incident, string? assignee, int evidenceSound, int evidenceTotal, CancellationToken cancellationToken)
    {
        if (incident is null)
        {
            return new QueueRow(alert, null, alert.Kind == "health" ? "采集健康" : alert.Kind, null, null, [], [new TextPiece(Excerpt(alert.Summary), false)], null, [], [], 0, 0, null,
                calendar?.At(alert.CreatedUtc));
        }

        var incidentPosts = await incidents.GetPostsAsync(incident.Id, cancellationToken).ConfigureAwait(false);
        var first = await posts.GetPostAsync(incident.FirstPostId, cancellationToken).ConfigureAwait(false);
        var verdict = await classifications.GetLatestAsync(incident.FirstPostId, cancellationToken).ConfigureAwait(false);
        var text = first?.ClassifiedText ?? incidentPosts.FirstOrDefault()?.Text ?? string.Empty;
        var contacts = verdict?.Result.Contacts ?? [];
        var normalised = normaliser?.Normalise(Excerpt(text));
        return new QueueRow(
            alert,
            incident,
            first?.SourceId ?? incidentPosts.FirstOrDefault()?.SourceId ?? string.Empty,
            verdict?.Result.Label,
            verdict?.Result.Confidence,
            verdict?.Result.Reasons ?? [],
            Highlight(text, contacts, ExcerptChars),
            Differs(Excerpt(text), normalised) ? normalised : null,
            contacts.Select(c => c.Kind + ":" + c.Value).Distinct(StringComparer.Ordinal).ToList(),
            Spark(incidentPosts.Select(p => p.At).ToList(), SparkBuckets),
            evidenceSound,
            evidenceTotal,
            assignee,
            calendar?.At(incident.FirstSeenUtc));
    }

    /// <summary>
    /// Whether the normalised text says more than the original: differences of width and case alone (，→ , and Ｑ → q) are
    /// not shown, separators, variants and traditional characters are.
    /// </summary>
    public static bool Differs(string original, string? normalised) =>
        normalised is not null && !string.Equals(original.Normalize(NormalizationForm.FormKC).ToLowerInvariant(), normalised, StringComparison.Ordinal);

    public static string Excerpt(string text) => text.Length <= ExcerptChars ? text : text[..ExcerptChars] + "…";

    /// <summary>Splits the first <paramref name="max"/> characters of <paramref name="text"/> into plain pieces and contact pieces (by the classifier's offsets).</summary>
    public static IReadOnlyList<TextPiece> Highlight(string text, IReadOnlyList<Contact> contacts, int max)
    {
        var limit = Math.Min(text.Length, max);
        var pieces = new List<TextPiece>();
        var at = 0;
        foreach (var c in contacts.Where(c => c.Start >= 0 && c.End <= text.Length && c.Start < c.End).OrderBy(c => c.Start))
        {
            if (c.Start < at || c.Start >= limit)
            {
                continue;
            }

            if (c.Start > at)
            {
                pieces.Add(new TextPiece(text[at..c.Start], false));
            }

            var end = Math.Min(c.End, limit);
            pieces.Add(new TextPiece(text[c.Start..end], true));
            at = end;
        }

        if (at < limit)
        {
            pieces.Add(new TextPiece(text[at..limit], false));
        }

        if (limit < text.Length)
        {
            pieces.Add(new TextPiece("…", false));
        }

        return pieces;
    }

    /// <summary>Posts per time bucket from the first post to the last (one bucket when they share a moment).</summary>
    public static IReadOnlyList<int> Spark(IReadOnlyList<DateTimeOffset> times, int buckets)
    {
        if (times.Count == 0)
        {
            return [];
        }

        var first = times.Min();
        var span = (times.Max() - first).Ticks;
        var counts = new int[buckets];
        foreach (var t in times)
        {
            var i = span == 0 ? buckets - 1 : (int)Math.Min(buckets - 1, (t - first).Ticks * buckets / span);
            counts[i]++;
        }

        return counts;
    }
}
