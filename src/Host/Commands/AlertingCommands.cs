using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Time;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw incidents list|show ID|downgrade ID|close ID|reopen ID|merge A B</c> and
/// <c>sw alerts list|show ID|ack ID [--label]|digest</c>, <c>sw incidents silence INCIDENT</c>: what the duty desk does from a terminal.
/// </summary>
internal sealed class AlertingCommands : ICliModule
{
    /// <summary>What every incident and alert verb reads: the store and alerting's configuration.</summary>
    private const Uses Uses = Cli.Uses.Store | Cli.Uses.Alerting;

    public void Register(RootCommand root)
    {
        var limit = new Option<int>("--limit") { Description = "How many to list", DefaultValueFactory = _ => 50 };
        var hours = new Option<int>("--hours") { Description = "Incidents active within this many hours", DefaultValueFactory = _ => 72 };
        var incidents = new Command("incidents", "Incidents: clustered posts, graded Ⅰ–Ⅳ with reasons.");
        var list = new Command("list", "List recent incidents.") { limit, hours };
        list.SetAction((p, ct) => Verb.RunAsync(p, Uses, (sp, c) => ListIncidentsAsync(sp, p.GetValue(hours), p.GetValue(limit), c), ct));
        incidents.Subcommands.Add(list);

        var incidentId = new Argument<long>("ID") { Description = "Incident id" };
        var show = new Command("show", "Show an incident: level and reasons, first source, spread path, time series, alerts.") { incidentId };
        show.SetAction((p, ct) => Verb.RunAsync(p, Uses, (sp, c) => ShowIncidentAsync(sp, p.GetValue(incidentId), c), ct));
        incidents.Subcommands.Add(show);

        var downId = new Argument<long>("ID") { Description = "Incident id" };
        var level = new Option<string>("--level") { Description = "New, lower level (II, III, IV)", Required = true };
        var by = new ActingPerson("Who decides");
        var reason = new Option<string>("--reason") { Description = "Why (required)", Required = true };
        var downgrade = by.AddTo(new Command("downgrade", "Lower an incident's level (a person and a reason are required; the system never lowers a level).") { downId, level, reason });
        downgrade.SetAction((p, ct) => Acting(p, by, (sp, who, c) => DowngradeAsync(sp, p.GetValue(downId), p.GetValue(level)!, who, p.GetValue(reason)!, c), ct));
        incidents.Subcommands.Add(downgrade);
        incidents.Subcommands.Add(SilenceCommand());
        AddLifeCycle(incidents);
        root.Subcommands.Add(incidents);

        var alerts = new Command("alerts", "Alerts and their notifications.");
        var alist = new Command("list", "List recent alerts.") { limit };
        alist.SetAction((p, ct) => Verb.RunAsync(p, Uses, (sp, c) => ListAlertsAsync(sp, p.GetValue(limit), c), ct));
        alerts.Subcommands.Add(alist);

        var alertId = new Argument<long>("ID") { Description = "Alert id" };
        var ashow = new Command("show", "Show an alert, its reasons, every notification with its delivery state, and its timers.") { alertId };
        ashow.SetAction((p, ct) => Verb.RunAsync(p, Uses, (sp, c) => ShowAlertAsync(sp, p.GetValue(alertId), c), ct));
        alerts.Subcommands.Add(ashow);

        var ackId = new Argument<long>("ID") { Description = "Alert id" };
        var ackBy = new ActingPerson("Who acknowledges");
        var ackLabel = new Option<string?>("--label") { Description = "The label the commentator confirms for the incident's posts (normal = false positive); kept as classifier feedback" };
        var ack = ackBy.AddTo(new Command("ack", "Acknowledge an alert (stops its escalation); with --label, record the decision for sw classifier train --include-feedback.") { ackId, ackLabel });
        ack.SetAction((p, ct) => Acting(p, ackBy, (sp, who, c) => AckAsync(sp, p.GetValue(ackId), who, p.GetValue(ackLabel), c), ct));
        alerts.Subcommands.Add(ack);


        var date = new Option<string?>("--date") { Description = "Digest date YYYY-MM-DD (Beijing); default: the latest digest due" };
        var send = new Option<bool>("--send") { Description = "Enqueue it through the outbox (once per date and recipient; the running worker delivers it)" };
        var digest = new Command("digest", "Preview (or --send) the daily digest: Ⅳ incidents of the 24 hours before Alerting:Routing:Digest:At.") { date, send };
        digest.SetAction((p, ct) => Verb.RunAsync(p, Uses, (sp, c) => DigestAsync(sp, p.GetValue(date), p.GetValue(send), c), ct));
        alerts.Subcommands.Add(digest);
        root.Subcommands.Add(alerts);
    }

    private static void AddLifeCycle(Command incidents)
    {
        Option<string> Reason() => new("--reason") { Description = "Why (required)", Required = true };

        var closeId = new Argument<long>("ID") { Description = "Incident id" };
        var closeBy = new ActingPerson("Who decides");
        var closeReason = Reason();
        var stage = new Option<string?>("--stage") { Description = "The plan's stage reached, e.g. 善后" };
        var close = closeBy.AddTo(new Command("close", "Close an incident: its notifications and escalations stop; a new matching post re-opens it.") { closeId, closeReason, stage });
        close.SetAction((p, ct) => Acting(p, closeBy, async (sp, who, c) =>
        {
            if (await MissingIncidentAsync(sp, c, p.GetValue(closeId)).ConfigureAwait(false))
            {
                return ExitCodes.NotFound;
            }

            var i = await sp.GetRequiredService<IAlertingAdmin>().CloseAsync(p.GetValue(closeId), who, p.GetValue(closeReason)!, p.GetValue(stage), c).ConfigureAwait(false);
            Console.WriteLine($"incident #{i.Id} closed{(i.Stage is null ? string.Empty : " (" + i.Stage + ")")} by {who}: {p.GetValue(closeReason)}");
            return ExitCodes.Ok;
        }, ct));
        incidents.Subcommands.Add(close);

        var reopenId = new Argument<long>("ID") { Description = "Incident id" };
        var reopenBy = new ActingPerson("Who re-opens it");
        var reopenReason = new Option<string>("--reason") { Description = "Why", DefaultValueFactory = _ => "re-opened by hand" };
        var reopen = reopenBy.AddTo(new Command("reopen", "Re-open a closed incident (responders are notified of the re-opening).") { reopenId, reopenReason });
        reopen.SetAction((p, ct) => Acting(p, reopenBy, async (sp, who, c) =>
        {
            if (await MissingIncidentAsync(sp, c, p.GetValue(reopenId)).ConfigureAwait(false))
            {
                return ExitCodes.NotFound;
            }

            var i = await sp.GetRequiredService<IAlertingAdmin>().ReopenAsync(p.GetValue(reopenId), who, p.GetValue(reopenReason)!, c).ConfigureAwait(false);
            Console.WriteLine($"incident #{i.Id} re-opened ({i.Reopened} time(s)); level {i.Level.Roman()}");
            return ExitCodes.Ok;
        }, ct));
        incidents.Subcommands.Add(reopen);

        var target = new Argument<long>("A") { Description = "The incident that stays" };
        var source = new Argument<long>("B") { Description = "The incident merged into A (keeps a tombstone pointing at A)" };
        var mergeBy = new ActingPerson("Who decides");
        var mergeReason = Reason();
        var merge = mergeBy.AddTo(new Command("merge", "Merge incident B into A: posts and alerts move, the level is the higher one, each responder is told once.") { target, source, mergeReason });
        merge.SetAction((p, ct) => Acting(p, mergeBy, async (sp, who, c) =>
        {
            if (await MissingIncidentAsync(sp, c, p.GetValue(target), p.GetValue(source)).ConfigureAwait(false))
            {
                return ExitCodes.NotFound;
            }

            var i = await sp.GetRequiredService<IAlertingAdmin>().MergeAsync(p.GetValue(target), p.GetValue(source), who, p.GetValue(mergeReason)!, c).ConfigureAwait(false);
            Console.WriteLine($"incident #{p.GetValue(source)} merged into #{i.Id}: {i.PostCount} posts, level {i.Level.Roman()}");
            return ExitCodes.Ok;
        }, ct));
        incidents.Subcommands.Add(merge);
    }

    /// <summary>
    /// <c>incidents silence INCIDENT</c>: an incident reviewed as a false positive stops notifying for a while. It acts on an
    /// incident, so it lives under <c>incidents</c>; <c>alerts silence INCIDENT</c> is its old form (rewritten, with a notice).
    /// </summary>
    private static Command SilenceCommand()
    {
        var silenceId = new Argument<long>("INCIDENT") { Description = "Incident id reviewed as a false positive" };
        var silenceBy = new ActingPerson("Who reviewed it");
        var silenceReason = new Option<string>("--reason") { Description = "Why it is a false positive (required)", Required = true };
        var minutes = new Option<int>("--minutes") { Description = "How long (at most Alerting:Routing:MaxSilence)", DefaultValueFactory = _ => 120 };
        var silence = silenceBy.AddTo(new Command("silence", "Silence an incident reviewed as a false positive, for a limited time; its posts become classifier feedback.") { silenceId, silenceReason, minutes });
        silence.SetAction((p, ct) => Acting(p, silenceBy, (sp, who, c) => SilenceAsync(sp, p.GetValue(silenceId), who, p.GetValue(silenceReason)!, p.GetValue(minutes), c), ct));
        return silence;
    }

    /// <summary>A verb that records who acts: refused (exit 2) before the host is built when nobody is named.</summary>
    private static Task<int> Acting(ParseResult p, ActingPerson by, Func<IServiceProvider, string, CancellationToken, Task<int>> body, CancellationToken ct) =>
        by.Resolve(p) is { } who ? Verb.RunAsync(p, Uses, (sp, c) => body(sp, who, c), ct) : Task.FromResult(ExitCodes.Usage);

    /// <summary>True (after saying which) when one of the incidents named does not exist: exit <see cref="ExitCodes.NotFound"/> on every verb.</summary>
    internal static async Task<bool> MissingIncidentAsync(IServiceProvider sp, CancellationToken ct, params long[] ids)
    {
        foreach (var id in ids)
        {
            if (await sp.GetRequiredService<IIncidentStore>().GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                await Console.Error.WriteLineAsync($"No incident {id}.").ConfigureAwait(false);
                return true;
            }
        }

        return false;
    }

    private static async Task<int> DigestAsync(IServiceProvider sp, string? date, bool send, CancellationToken ct)
    {
        var digest = sp.GetRequiredService<DailyDigest>();
        DateOnly day;
        if (date is null)
        {
            day = digest.LatestDue(sp.GetRequiredService<TimeProvider>().GetUtcNow());
        }
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            await Console.Error.WriteLineAsync($"--date '{date}' is not a date YYYY-MM-DD").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var content = await digest.CompileAsync(day, ct).ConfigureAwait(false);
        var messages = digest.Messages(content, sp.GetRequiredService<TimeProvider>().GetUtcNow());
        if (!send)
        {
            var reader = messages.Count > 0 ? new Recipient(messages[0].ResponderId, "（预览）", "", messages[0].Channel, messages[0].Recipient) : new Recipient("-", "（预览）", "", "-", "-");
            var n = DailyDigest.Compose(content, reader);
            Console.WriteLine("subject: " + n.Subject);
            Console.WriteLine("to:      " + (messages.Count == 0 ? "(no recipient on shift)" : string.Join(", ", messages.Select(m => $"{m.ResponderId} <{m.Recipient}> via {m.Channel}"))));
            Console.WriteLine();
            Console.Write(n.Text);
            return ExitCodes.Ok;
        }

        var added = await digest.SendAsync(day, ct).ConfigureAwait(false);
        Console.WriteLine(added == messages.Count
            ? $"digest {day:yyyy-MM-dd} enqueued for {added} recipient(s); the running worker (sw run) delivers it."
            : $"digest {day:yyyy-MM-dd}: {added} new message(s) enqueued, {messages.Count - added} already in the outbox (sent once per date and recipient).");
        return ExitCodes.Ok;
    }

    private static async Task<int> ListIncidentsAsync(IServiceProvider sp, int hours, int limit, CancellationToken ct)
    {
        var time = sp.GetRequiredService<TimeProvider>();
        var list = await sp.GetRequiredService<IIncidentStore>().ListAsync(time.GetUtcNow().AddHours(-hours), limit, ct).ConfigureAwait(false);
        var rows = list.Select(i => new[]
        {
            i.Id.ToString(CultureInfo.InvariantCulture), i.Level.Roman(), i.MergedInto is { } into ? $"merged→#{into}" : i.State, i.PostCount.ToString(CultureInfo.InvariantCulture),
            string.Join(",", i.Platforms), i.Trend + (i.Burst ? "+burst" : string.Empty), ChinaTime.FormatBeijing(i.LastSeenUtc), i.Title,
        }).ToList();
        Console.WriteLine(Table(["id", "level", "state", "posts", "platforms", "trend", "last seen", "title"], rows));
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowIncidentAsync(IServiceProvider sp, long id, CancellationToken ct)
    {
        var store = sp.GetRequiredService<IIncidentStore>();
        var incident = await store.GetAsync(id, ct).ConfigureAwait(false);
        if (incident is null)
        {
            await Console.Error.WriteLineAsync($"No incident {id}.").ConfigureAwait(false);
            return ExitCodes.NotFound;
        }

        var posts = await store.GetPostsAsync(id, ct).ConfigureAwait(false);
        var sb = new StringBuilder();
        var stateNote = (incident.Stage is null ? string.Empty : $" ({incident.Stage})") + (incident.Reopened > 0 ? $"  re-opened {incident.Reopened}×" : string.Empty);
        sb.AppendLine(CultureInfo.InvariantCulture, $"incident #{incident.Id} ({incident.Key})  {incident.Level.Roman()}级 {incident.Level.ChineseName()}  state {incident.State}{stateNote}");
        if (incident.MergedInto is { } into)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"merged     into incident #{into} (its posts and alerts are there: sw incidents show {into})");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"title      {incident.Title}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"first      {ChinaTime.FormatBeijing(incident.FirstSeenUtc)}  {incident.FirstUrl}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"last       {ChinaTime.FormatBeijing(incident.LastSeenUtc)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"posts      {incident.PostCount} on {string.Join(", ", incident.Platforms)}; labels {string.Join(", ", incident.Labels)}; sites {string.Join(", ", incident.Sites)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"trend      {incident.Trend}{(incident.Burst ? " (burst)" : string.Empty)}");
        sb.AppendLine("reasons:");
        foreach (var r in incident.Reasons)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  [{r.Level.Roman()}] {r.Rule}: {r.Detail}");
        }

        sb.AppendLine("spread path (first post of each account):");
        foreach (var p in SpreadPath.Of(posts, 30))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {ChinaTime.FormatBeijing(p.At)}  {p.Platform,-8} {p.AuthorName ?? p.AuthorId ?? "(匿名)"}  engagement {p.Engagement}  {p.JoinReason}  {p.Url}");
        }

        sb.AppendLine("posts per 5 minutes:");
        foreach (var bin in posts.GroupBy(p => new DateTimeOffset(p.At.UtcTicks - (p.At.UtcTicks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero)).OrderBy(g => g.Key).TakeLast(24))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {ChinaTime.FormatBeijing(bin.Key)}  {bin.Count(),5}  {new string('#', Math.Min(60, bin.Count()))}");
        }

        sb.AppendLine("alerts:");
        foreach (var a in await sp.GetRequiredService<IAlertStore>().ListAlertsOfIncidentAsync(id, ct).ConfigureAwait(false))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  #{a.Id} {a.Level.Roman()} {a.State} {ChinaTime.FormatBeijing(a.CreatedUtc)}{(a.AcknowledgedBy is null ? string.Empty : " ack " + a.AcknowledgedBy)}");
        }

        sb.AppendLine("actions:");
        foreach (var a in await sp.GetRequiredService<IIncidentActionStore>().GetActionsAsync(id, ct).ConfigureAwait(false))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {ChinaTime.FormatBeijing(a.AtUtc)}  {a.Action,-11} by {a.By}: {a.Reason}{(a.Detail is null ? string.Empty : "  [" + a.Detail + "]")}");
        }

        Console.Write(sb.ToString());
        return ExitCodes.Ok;
    }

    private static async Task<int> DowngradeAsync(IServiceProvider sp, long id, string level, string by, string reason, CancellationToken ct)
    {
        if (!IncidentLevels.TryParse(level, out var target))
        {
            await Console.Error.WriteLineAsync($"--level '{level}' is not a level (II, III, IV)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (await MissingIncidentAsync(sp, ct, id).ConfigureAwait(false))
        {
            return ExitCodes.NotFound;
        }

        var updated = await sp.GetRequiredService<IAlertingAdmin>().DowngradeAsync(id, target, by, reason, ct).ConfigureAwait(false);
        Console.WriteLine($"incident #{updated.Id} is now {updated.Level.Roman()} ({by}: {reason})");
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAlertsAsync(IServiceProvider sp, int limit, CancellationToken ct)
    {
        var list = await sp.GetRequiredService<IAlertStore>().ListAlertsAsync(limit, ct).ConfigureAwait(false);
        var rows = list.Select(a => new[]
        {
            a.Id.ToString(CultureInfo.InvariantCulture), a.Kind, a.Level.Roman(), a.IncidentId?.ToString(CultureInfo.InvariantCulture) ?? "-", a.State,
            ChinaTime.FormatBeijing(a.CreatedUtc), a.Title,
        }).ToList();
        Console.WriteLine(Table(["id", "kind", "level", "incident", "state", "created", "title"], rows));
        return ExitCodes.Ok;
    }

    private static async Task<int> ShowAlertAsync(IServiceProvider sp, long id, CancellationToken ct)
    {
        var store = sp.GetRequiredService<IAlertStore>();
        var a = await store.GetAlertAsync(id, ct).ConfigureAwait(false);
        if (a is null)
        {
            await Console.Error.WriteLineAsync($"No alert {id}.").ConfigureAwait(false);
            return ExitCodes.NotFound;
        }

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"alert #{a.Id} ({a.Key})  {a.Kind}  {a.Level.Roman()}  {a.State}  created {ChinaTime.FormatBeijing(a.CreatedUtc)}");
        if (a.AcknowledgedBy is not null)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"acknowledged by {a.AcknowledgedBy} via {a.AcknowledgedVia} at {ChinaTime.FormatBeijing(a.AcknowledgedUtc!.Value)}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"title    {a.Title}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"summary  {a.Summary}");
        foreach (var r in a.Reasons)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  [{r.Level.Roman()}] {r.Rule}: {r.Detail}");
        }

        sb.AppendLine("notifications:");
        foreach (var m in await store.GetMessagesAsync(id, ct).ConfigureAwait(false))
        {
            var when = m.SentUtc is { } s ? "sent " + ChinaTime.FormatBeijing(s) : m.HandedUtc is { } h ? "handed over " + ChinaTime.FormatBeijing(h) + ", unconfirmed" : "due " + ChinaTime.FormatBeijing(m.DueUtc);
            sb.AppendLine(CultureInfo.InvariantCulture, $"  #{m.Id} {m.Channel,-8} {m.ResponderId,-10} {m.Recipient,-28} {m.State,-10} attempts {m.Attempts}  {when}{(m.LastError is null ? string.Empty : "  last error: " + m.LastError)}");
        }

        sb.AppendLine("timers:");
        foreach (var t in await store.GetTimersAsync(id, ct).ConfigureAwait(false))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {t.Kind,-15} step {t.Step}  due {ChinaTime.FormatBeijing(t.DueUtc)}  {t.State}");
        }

        Console.Write(sb.ToString());
        return ExitCodes.Ok;
    }

    private static async Task<int> AckAsync(IServiceProvider sp, long id, string by, string? label, CancellationToken ct)
    {
        if (await sp.GetRequiredService<IAlertStore>().GetAlertAsync(id, ct).ConfigureAwait(false) is null)
        {
            await Console.Error.WriteLineAsync($"No alert {id}.").ConfigureAwait(false);
            return ExitCodes.NotFound;
        }

        var outcome = await sp.GetRequiredService<IAlertingAdmin>().AcknowledgeAsync(id, by, "cli", label, ct).ConfigureAwait(false);
        var alert = await sp.GetRequiredService<IAlertStore>().GetAlertAsync(id, ct).ConfigureAwait(false);
        Console.WriteLine(outcome.Acknowledged ? $"alert #{id} acknowledged by {by}; escalation stopped." : $"alert #{id} was not open (state {alert!.State}, acknowledged by {alert.AcknowledgedBy ?? "-"}).");
        if (label is not null)
        {
            Console.WriteLine($"feedback: {outcome.FeedbackPosts} post(s) recorded as {label} (used by sw classifier train --include-feedback).");
        }

        // A label on an already acknowledged alert is still a decision worth keeping: that is not a failure.
        return outcome.Acknowledged || (label is not null && outcome.FeedbackPosts > 0) ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static async Task<int> SilenceAsync(IServiceProvider sp, long incidentId, string by, string reason, int minutes, CancellationToken ct)
    {
        if (await MissingIncidentAsync(sp, ct, incidentId).ConfigureAwait(false))
        {
            return ExitCodes.NotFound;
        }

        var s = await sp.GetRequiredService<IAlertingAdmin>().SilenceAsync(incidentId, by, reason, TimeSpan.FromMinutes(minutes), ct).ConfigureAwait(false);
        Console.WriteLine($"incident #{incidentId} silenced until {ChinaTime.FormatBeijing(s.ExpiresUtc)} by {s.CreatedBy}: {s.Reason}");
        var posts = (await sp.GetRequiredService<IIncidentStore>().GetPostsAsync(incidentId, ct).ConfigureAwait(false)).Count;
        Console.WriteLine($"feedback: {posts} post(s) recorded as false positives (used by sw classifier train --include-feedback).");
        return ExitCodes.Ok;
    }

    private static string Table(string[] header, List<string[]> rows)
    {
        if (rows.Count == 0)
        {
            return "(none)";
        }

        var widths = header.Select((h, i) => Math.Min(60, Math.Max(h.Length, rows.Max(r => r[i].Length)))).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))));
        foreach (var r in rows)
        {
            sb.AppendLine(string.Join("  ", r.Select((c, i) => (c.Length > 60 ? c[..59] + "…" : c).PadRight(widths[i]))));
        }

        return sb.ToString().TrimEnd();
    }
}
