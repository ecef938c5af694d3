using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Storage;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// One pass of alerting: follow the classification stream (checkpoint <c>alerting</c>) into incidents, grade the
/// incidents that changed, raise alerts (alert + messages + timers in one transaction), route collector-health
/// events, fire due escalation/report timers and report dead letters. Every write is keyed so a crash anywhere replays
/// the pass without sending anything twice.
/// </summary>
internal sealed class AlertingPipeline(
    IClassificationStore classifications,
    ICheckpointStore checkpoints,
    IPostStore posts,
    ISourceStateStore sources,
    IIncidentStore incidents,
    IIncidentActionStore actions,
    IAlertStore alerts,
    Grader grader,
    Router router,
    AckLinks ackLinks,
    DailyDigest digest,
    IOptions<AlertingOptions> options,
    TimeProvider time,
    ILogger<AlertingPipeline> logger)
{
    public const string Checkpoint = "alerting";
    public const string HealthCheckpoint = "alerting-health";
    private const int BatchSize = 500;
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(15);

    private readonly AlertingOptions _o = options.Value;
    private IncidentClusterer? _index;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    /// <summary>The in-memory incident index, rebuilt from the store on first use.</summary>
    internal async Task<IncidentClusterer> IndexAsync(CancellationToken cancellationToken)
    {
        if (_index is not null)
        {
            return _index;
        }

        var index = new IncidentClusterer(_o.Incidents);
        var active = await incidents.ListAsync(time.GetUtcNow() - _o.Incidents.Window, 100_000, cancellationToken).ConfigureAwait(false);
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
        return index;
    }

    /// <summary>Runs one pass; returns the number of classifications consumed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var consumed = await IngestAsync(classifications, checkpoints, posts, cancellationToken).ConfigureAwait(false);
        await FlushHeldUpdatesAsync(cancellationToken).ConfigureAwait(false);
        await RouteHealthEventsAsync(sources, checkpoints, cancellationToken).ConfigureAwait(false);
        await FireTimersAsync(cancellationToken).ConfigureAwait(false);
        await ReportDeadLettersAsync(cancellationToken).ConfigureAwait(false);
        await digest.RunDueAsync(cancellationToken).ConfigureAwait(false);
        return consumed;
    }

    /// <summary>
    /// Posts that joined an incident inside its group interval are held for the next update; when no further post
    /// arrives to trigger it, this sweep sends that update once the interval has passed — held news is late, never
    /// dropped. Runs at most every <see cref="SweepEvery"/> and looks at incidents active in the last day.
    /// </summary>
    private async Task FlushHeldUpdatesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _lastSweep < SweepEvery)
        {
            return;
        }

        _lastSweep = now;
        foreach (var incident in await incidents.ListAsync(now - TimeSpan.FromDays(1), 500, cancellationToken).ConfigureAwait(false))
        {
            if (incident.State != IncidentStates.Open || incident.Level == IncidentLevel.None || router.RouteFor(incident.Level) is not { } route)
            {
                continue;
            }

            var last = await alerts.LastEnqueuedAsync($"incident:{incident.Id}", cancellationToken).ConfigureAwait(false);
            if (last is { } l && incident.LastSeenUtc > l && now - l >= GroupInterval(route))
            {
                await EvaluateAsync(incident.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> IngestAsync(IClassificationStore classifications, ICheckpointStore checkpoints, IPostStore posts, CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken).ConfigureAwait(false);
        var after = await checkpoints.GetAsync(Checkpoint, cancellationToken).ConfigureAwait(false);
        var batch = await classifications.GetAfterAsync(after, BatchSize, cancellationToken).ConfigureAwait(false);
        var dirty = new SortedSet<long>();
        foreach (var c in batch)
        {
            if (!Forms(c.Result.Label))
            {
                PipelineLog.Skipped(logger, c.Sequence, c.PostId, "label " + c.Result.Label);
                continue;
            }

            var post = await posts.GetPostAsync(c.PostId, cancellationToken).ConfigureAwait(false);
            if (post is null)
            {
                PipelineLog.Skipped(logger, c.Sequence, c.PostId, "post not in store");
                continue;
            }

            var snapshots = await posts.GetEngagementAsync(post.Id, cancellationToken).ConfigureAwait(false);
            var incidentPost = ToIncidentPost(post, c.Result, snapshots.Count == 0 ? null : snapshots[^1]);
            var id = await PlaceAsync(index, incidentPost, cancellationToken).ConfigureAwait(false);
            dirty.Add(id);
        }

        foreach (var id in dirty)
        {
            await EvaluateAsync(id, cancellationToken).ConfigureAwait(false);
        }

        if (batch.Count > 0)
        {
            await checkpoints.SetAsync(Checkpoint, batch[^1].Sequence, cancellationToken).ConfigureAwait(false);
        }

        return batch.Count;
    }

    /// <summary>Puts a post into its incident (store first, then the in-memory index) and returns the incident id.</summary>
    internal async Task<long> PlaceAsync(IncidentClusterer index, IncidentPost post, CancellationToken cancellationToken)
    {
        if (await incidents.FindIncidentOfPostAsync(post.PostId, cancellationToken).ConfigureAwait(false) is { } known)
        {
            index.Add(known, post);
            return known;
        }

        var fingerprint = PostFingerprint.Of(post.Text, _o.Incidents);
        var match = index.Match(post, fingerprint);
        var placed = post with { JoinReason = match.Reason, DuplicateOfPostId = match.DuplicateOfPostId };
        long id;
        if (match.IncidentId is { } existing)
        {
            id = await LiveIncidentAsync(existing, post.PostId, cancellationToken).ConfigureAwait(false);
            await incidents.AddPostAsync(id, placed, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var record = new IncidentRecord(
                0, IncidentAnalysis.KeyOf(placed), IncidentAnalysis.TitleOf(placed), IncidentLevel.None, [], placed.At, placed.At, placed.PostId, placed.Url, 1,
                [placed.Platform], [placed.Label], [], "flat", false, "open");
            id = await incidents.CreateAsync(record, placed, cancellationToken).ConfigureAwait(false);
        }

        index.Add(id, placed, fingerprint);
        return id;
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

    /// <summary>Re-analyses and re-grades an incident; raises an alert when its level is new, or batches an update.</summary>
    internal Task EvaluateAsync(long incidentId, CancellationToken cancellationToken) => EvaluateAsync(incidentId, null, cancellationToken);

    /// <summary>
    /// As <see cref="EvaluateAsync(long, CancellationToken)"/>; with a <paramref name="notice"/> (a merge), responders get
    /// exactly one message about it: the upgrade when the level rose, else the notice itself instead of a batched update.
    /// </summary>
    internal async Task EvaluateAsync(long incidentId, IncidentNotice? notice, CancellationToken cancellationToken)
    {
        // A merge, close or downgrade may land between reading the incident and writing its new grade; the write is
        // then refused and the grade is computed again from what is stored, so a stale level never overwrites theirs.
        for (var attempt = 1; ; attempt++)
        {
            if (await TryEvaluateAsync(incidentId, notice, cancellationToken).ConfigureAwait(false) || attempt == 3)
            {
                return;
            }
        }
    }

    /// <returns>False when the incident changed under the evaluation and nothing was written or sent.</returns>
    private async Task<bool> TryEvaluateAsync(long incidentId, IncidentNotice? notice, CancellationToken cancellationToken)
    {
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var posts = await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        // Closed and merged incidents are not re-graded or notified: a closed one comes back only through a re-open.
        if (incident is null || posts.Count == 0 || incident.State != IncidentStates.Open)
        {
            return true;
        }

        var levelRead = incident.Level;
        var now = time.GetUtcNow();
        var analysis = IncidentAnalysis.Analyze(posts, now, _o.Incidents);
        var text = analysis.FirstSource.Text + "\n" + posts[^1].Text;
        var grade = grader.Grade(new GradingInput(analysis.Labels, analysis.Metrics, text, now));
        var decision = LevelPolicy.Apply(incident.Level, grade.Level);
        var reasons = decision.HeldReason is null ? grade.Reasons : [decision.HeldReason, .. grade.Reasons];
        incident = incident with
        {
            Level = decision.Level,
            Reasons = decision.Level == grade.Level ? reasons : (reasons.Count > 0 ? reasons : incident.Reasons),
            FirstSeenUtc = analysis.FirstSource.At,
            LastSeenUtc = posts.Max(p => p.At),
            PostCount = posts.Count,
            Platforms = analysis.Platforms,
            Labels = analysis.Labels,
            Sites = incident.Sites.Union(grade.Sites, StringComparer.Ordinal).ToList(),
            Trend = analysis.Trend.ToString().ToLowerInvariant(),
            Burst = analysis.Burst,
        };
        if (!await incidents.UpdateGradedAsync(incident, levelRead, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (incident.Level == IncidentLevel.None || router.RouteFor(incident.Level) is not { } route)
        {
            return true;
        }

        var silence = (await alerts.GetActiveSilencesAsync(now, cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.IncidentId == incidentId);
        if (silence is not null)
        {
            PipelineLog.Silenced(logger, incidentId, silence.ExpiresUtc, silence.CreatedBy);
            return true;
        }

        // Each re-opening is a new generation of alerts: the closed incident's alerts are resolved and stay so.
        var generation = incident.Reopened == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $":reopen:{incident.Reopened}");
        var key = $"incident:{incidentId}:level:{incident.Level}{generation}";
        var existing = await alerts.ListAlertsOfIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false);
        var current = existing.FirstOrDefault(a => a.Key == key);
        // A crash between raising the alert and enqueueing its messages leaves an alert without messages: raising
        // again is idempotent (same keys) and repairs it.
        if (current is null || (await alerts.GetMessagesAsync(current.Id, cancellationToken).ConfigureAwait(false)).Count == 0)
        {
            var kind = generation.Length > 0 && !existing.Any(a => a.Key.EndsWith(generation, StringComparison.Ordinal)) ? "reopen"
                : existing.Count > 0 ? "upgrade" : "new";
            await RaiseIncidentAlertAsync(incident, analysis, route, key, kind, upgrade: existing.Count > 0, now, cancellationToken).ConfigureAwait(false);
        }
        else if (current.State == "open" || current.State == "acknowledged")
        {
            if (notice is not null)
            {
                await NotifyAsync(incident, analysis, route, current, notice, now, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await BatchUpdateAsync(incident, analysis, route, current, now, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>One message per responder about a person's action (a merge), on the incident's current alert.</summary>
    private async Task NotifyAsync(IncidentRecord incident, IncidentAnalysisResult analysis, RouteOptions route, AlertRecord alert, IncidentNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recipients = router.Resolve(route.Targets, incident.Sites, now);
        var messages = recipients.Select(r =>
        {
            var n = NotificationComposer.Incident(notice.Kind, incident, analysis, route, r, l => ackLinks.Create(alert.Id, r.ResponderId, l), alert.Id, notice.Text);
            return Message($"{alert.Key}:{notice.KeyPart}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"incident:{incident.Id}", n, now, now);
        }).ToList();
        await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        // Alerts that came with the merge are now inhibited by the current one: their escalations stop.
        await alerts.SupersedeAsync(incident.Id, alert.Id, cancellationToken).ConfigureAwait(false);
    }

    private async Task RaiseIncidentAlertAsync(IncidentRecord incident, IncidentAnalysisResult analysis, RouteOptions route, string key, string kind, bool upgrade, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var draft = new AlertRecord(0, key, "incident", incident.Id, incident.Level, incident.Title,
            $"{incident.Level.Roman()}级 · {incident.PostCount} 条 · {string.Join("、", analysis.Platforms)}", incident.Reasons, now, "open", null, null, null);

        // The alert id goes into the ack links, so reserve it first: raise with no messages, then enqueue them.
        // Both steps are keyed; a crash in between is repaired by the replay below (messages keyed by alert key).
        var (alert, created) = await alerts.RaiseAsync(draft, [], Timers(incident.Level, now), cancellationToken).ConfigureAwait(false);
        var recipients = router.Resolve(route.Targets, incident.Sites, now);
        if (recipients.Count == 0)
        {
            PipelineLog.NoRecipients(logger, alert.Id);
            recipients = router.Resolve(_o.Routing.DutyDesk, [], now);
        }

        // An upgrade re-notifies at once; a first alert waits group_wait (capped for Ⅰ–Ⅲ: first reports without delay).
        var due = upgrade ? now : now + router.FirstNoticeWait(incident.Level, route);
        var messages = recipients.Select(r =>
        {
            var n = NotificationComposer.Incident(kind, incident, analysis, route, r, l => ackLinks.Create(alert.Id, r.ResponderId, l), alert.Id);
            return Message($"{key}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"incident:{incident.Id}", n, due, now);
        }).ToList();
        if (_o.FreezeEvidence)
        {
            messages.Add(new OutboxMessage(0, $"{key}|evidence", alert.Id, EvidenceSender.Channel, "evidence", analysis.FirstSource.PostId.ToString(CultureInfo.InvariantCulture),
                $"evidence:{incident.Id}", "证据固定", string.Empty, null, EvidenceSender.Payload(analysis.FirstSource.PostId, key, _o.EvidenceOperator), 0, now, "pending", null, now, null));
        }

        var added = await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        await alerts.SupersedeAsync(incident.Id, alert.Id, cancellationToken).ConfigureAwait(false);
        if (created || added > 0)
        {
            PipelineLog.AlertRaised(logger, incident.Id, incident.Level.Roman(), alert.Id, added, string.Join("; ", incident.Reasons.Select(r => r.Rule)));
        }
    }

    private async Task BatchUpdateAsync(IncidentRecord incident, IncidentAnalysisResult analysis, RouteOptions route, AlertRecord alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var interval = GroupInterval(route);
        var last = await alerts.LastEnqueuedAsync($"incident:{incident.Id}", cancellationToken).ConfigureAwait(false);
        if (last is { } l && now - l < interval)
        {
            return;
        }

        if (!analysis.SpreadPath.Any() || (last is { } since && !(await incidents.GetPostsAsync(incident.Id, cancellationToken).ConfigureAwait(false)).Any(p => p.At > since)))
        {
            return;
        }

        // One update per group interval since the alert: the bucket number makes a replay produce the same keys.
        var bucket = (now - alert.CreatedUtc).Ticks / interval.Ticks;
        var recipients = router.Resolve(route.Targets, incident.Sites, now);
        var messages = recipients.Select(r =>
        {
            var n = NotificationComposer.Incident("update", incident, analysis, route, r, l => ackLinks.Create(alert.Id, r.ResponderId, l), alert.Id);
            return Message(string.Create(CultureInfo.InvariantCulture, $"{alert.Key}:update:{bucket}|{r.ResponderId}|{r.Channel}"), alert.Id, r, $"incident:{incident.Id}", n, now, now);
        }).ToList();
        await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan GroupInterval(RouteOptions route) => route.GroupInterval > TimeSpan.FromSeconds(1) ? route.GroupInterval : TimeSpan.FromSeconds(1);

    private List<AlertTimer> Timers(IncidentLevel level, DateTimeOffset now)
    {
        var timers = new List<AlertTimer>();
        if (!_o.Escalation.Levels.TryGetValue(level.ToString(), out var policy))
        {
            return timers;
        }

        var at = now;
        for (var i = 0; i < policy.Steps.Count; i++)
        {
            at += policy.Steps[i].After;
            timers.Add(new AlertTimer(0, 0, "escalate", i, at, "pending"));
        }

        if (policy.FirstReportDue > TimeSpan.Zero)
        {
            timers.Add(new AlertTimer(0, 0, "first_report", 0, now + policy.FirstReportDue, "pending"));
        }

        if (policy.WrittenReportDue > TimeSpan.Zero)
        {
            timers.Add(new AlertTimer(0, 0, "written_report", 0, now + policy.WrittenReportDue, "pending"));
        }

        return timers;
    }

    /// <summary>Fires due timers: escalations reach the next people on the roster; report deadlines remind the desk.</summary>
    internal async Task FireTimersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var timer in await alerts.GetDueTimersAsync(now, 200, cancellationToken).ConfigureAwait(false))
        {
            var alert = await alerts.GetAlertAsync(timer.AlertId, cancellationToken).ConfigureAwait(false);
            var produced = new List<OutboxMessage>();
            if (alert is not null && timer.Kind == "escalate" && alert.State == "open"
                && _o.Escalation.Levels.TryGetValue(alert.Level.ToString(), out var policy) && timer.Step < policy.Steps.Count)
            {
                var already = (await alerts.GetMessagesAsync(alert.Id, cancellationToken).ConfigureAwait(false)).Select(m => (m.ResponderId, m.Channel)).ToHashSet();
                var sites = alert.IncidentId is { } iid && await incidents.GetAsync(iid, cancellationToken).ConfigureAwait(false) is { } inc ? inc.Sites : [];
                foreach (var r in router.Resolve(policy.Steps[timer.Step].Targets, sites, now).Where(r => !already.Contains((r.ResponderId, r.Channel))))
                {
                    var body = $"告警 #{alert.Id}（{alert.Level.Roman()}级）“{alert.Title}”自 {ChinaTime.FormatBeijing(alert.CreatedUtc)} 起未被签收，按预案升级通知您。\n{alert.Summary}\n定级依据：\n"
                        + string.Join('\n', alert.Reasons.Select(x => $"  - [{x.Level.Roman()}] {x.Rule}: {x.Detail}"));
                    var n = NotificationComposer.Desk($"【催办】【{alert.Level.Roman()}级舆情】{alert.Title}（未签收）", body, r, ackLinks.Create(alert.Id, r.ResponderId),
                        new { kind = "escalation", alert_id = alert.Id, step = timer.Step, level = alert.Level.ToString() });
                    produced.Add(Message($"{alert.Key}:escalate:{timer.Step}|{r.ResponderId}|{r.Channel}", alert.Id, r, OrderKeyOf(alert), n, now, now));
                }

                PipelineLog.Escalated(logger, alert.Id, timer.Step, produced.Count);
            }
            else if (alert is not null && timer.Kind is "first_report" or "written_report" && alert.State is "open" or "acknowledged")
            {
                var what = timer.Kind == "first_report" ? "首报" : "书面快报";
                foreach (var r in router.Resolve(_o.Routing.DutyDesk.Append("roster:shift_leader"), [], now))
                {
                    var body = $"告警 #{alert.Id}（{alert.Level.Roman()}级）“{alert.Title}”的{what}时限已到（{ChinaTime.FormatBeijing(timer.DueUtc)}）。如尚未报送，即为迟报，请立即报送并记录。";
                    var n = NotificationComposer.Desk($"【{what}时限】【{alert.Level.Roman()}级舆情】{alert.Title}", body, r, null,
                        new { kind = timer.Kind, alert_id = alert.Id, due = timer.DueUtc });
                    produced.Add(Message($"{alert.Key}:{timer.Kind}|{r.ResponderId}|{r.Channel}", alert.Id, r, OrderKeyOf(alert), n, now, now));
                }
            }

            await alerts.CompleteTimerAsync(timer.Id, produced, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every dead letter becomes an alert to the duty desk (and the shift leader): a bounce is never silently dropped.</summary>
    internal async Task ReportDeadLettersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var dead in await alerts.GetUnreportedDeadAsync(100, cancellationToken).ConfigureAwait(false))
        {
            var recipients = router.Resolve(_o.Routing.DutyDesk.Append("roster:shift_leader"), [], now)
                .Where(r => !(r.Channel == dead.Channel && r.Address == dead.Recipient)).ToList();
            var body = $"以下通知无法送达（已尝试 {dead.Attempts} 次）：\n渠道：{dead.Channel}\n收件人：{dead.ResponderId} {dead.Recipient}\n标题：{dead.Subject}\n原因：{dead.LastError}\n请改用电话等方式通知，并核对联系方式。";
            var draft = new AlertRecord(0, $"dead:{dead.Id}", "dead_letter", null, IncidentLevel.None, "通知无法送达：" + dead.Subject, body, [], now, "open", null, null, null);
            var (alert, _) = await alerts.RaiseAsync(draft, [], [], cancellationToken).ConfigureAwait(false);
            var messages = recipients.Select(r => Message($"dead:{dead.Id}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"desk:{r.ResponderId}",
                NotificationComposer.Desk("【投递失败】" + dead.Subject, body, r, ackLinks.Create(alert.Id, r.ResponderId), new { kind = "dead_letter", message_id = dead.Id, channel = dead.Channel, recipient = dead.Recipient, error = dead.LastError }),
                now, now)).ToList();
            await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
            await alerts.MarkDeadReportedAsync(dead.Id, cancellationToken).ConfigureAwait(false);
            PipelineLog.DeadLetterReported(logger, dead.Id, dead.Channel, dead.Recipient, alert.Id);
        }
    }

    /// <summary>Collector-health events (a source failing or going dark) go to the duty desk.</summary>
    internal async Task RouteHealthEventsAsync(ISourceStateStore sources, ICheckpointStore checkpoints, CancellationToken cancellationToken)
    {
        var after = await checkpoints.GetAsync(HealthCheckpoint, cancellationToken).ConfigureAwait(false);
        var events = await sources.GetHealthEventsAfterAsync(after, 100, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var e in events)
        {
            var body = $"采集源 {e.SourceId} 异常（{e.Kind}），连续失败 {e.ConsecutiveFailures} 次，时间 {ChinaTime.FormatBeijing(e.AtUtc)}。\n{e.Message}\n该源的舆情可能漏报，请检查。";
            var draft = new AlertRecord(0, $"health:{e.Id}", "health", null, IncidentLevel.None, $"采集源异常：{e.SourceId}", body, [], now, "open", null, null, null);
            var (alert, _) = await alerts.RaiseAsync(draft, [], [], cancellationToken).ConfigureAwait(false);
            var messages = router.Resolve(_o.Routing.DutyDesk, [], now).Select(r => Message($"health:{e.Id}|{r.ResponderId}|{r.Channel}", alert.Id, r, $"health:{e.SourceId}",
                NotificationComposer.Desk($"【采集异常】{e.SourceId}：{e.Kind}", body, r, ackLinks.Create(alert.Id, r.ResponderId), new { kind = "health", source = e.SourceId, event_kind = e.Kind, message = e.Message, consecutive_failures = e.ConsecutiveFailures }),
                now, now)).ToList();
            await alerts.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        }

        if (events.Count > 0)
        {
            await checkpoints.SetAsync(HealthCheckpoint, events[^1].Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool Forms(string label) =>
        _o.Incidents.Labels.Count == 0 ? label != Labels.Normal : _o.Incidents.Labels.Contains(label);

    private static string OrderKeyOf(AlertRecord alert) => alert.IncidentId is { } id ? $"incident:{id}" : $"alert:{alert.Id}";

    internal static IncidentPost ToIncidentPost(Core.Posts.StoredPost post, ClassificationResult result, Core.Posts.EngagementSnapshot? latest)
    {
        var e = latest?.Counts;
        var engagement = (e?.Reposts ?? 0) + (e?.Comments ?? 0) + (e?.Likes ?? 0);
        return new IncidentPost(
            post.Id, post.SourceId, post.Platform, post.PlatformPostId, post.ThreadId, post.ParentPlatformPostId, post.Url,
            post.Author.Id, post.Author.DisplayName, post.Author.Followers, post.ClassifiedText,
            post.ClassifiedAtUtc, result.Label, engagement,
            result.Contacts.Select(c => $"{c.Kind}:{c.Value}").Distinct(StringComparer.Ordinal).ToList(), "first", null);
    }

    private static OutboxMessage Message(string key, long alertId, Recipient r, string orderKey, ComposedNotification n, DateTimeOffset due, DateTimeOffset now) =>
        new(0, key, alertId, r.Channel, r.ResponderId, r.Address, orderKey, n.Subject, n.Text, n.Html, n.PayloadJson, 0, due, "pending", null, now, null);
}

/// <summary>A person's action on an incident that responders are told about once (see <see cref="AlertingPipeline.EvaluateAsync(long, IncidentNotice?, CancellationToken)"/>).</summary>
/// <param name="Kind">Composer kind, e.g. <c>merge</c>.</param>
/// <param name="KeyPart">Makes the message keys unique per action, e.g. <c>merge:7</c>.</param>
/// <param name="Text">What happened, in Chinese, shown at the top of the message.</param>
internal sealed record IncidentNotice(string Kind, string KeyPart, string Text);
