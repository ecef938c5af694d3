using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Incidents;
using SentimentWatch.DutyConsole.Queue;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>One incident: posts on a timeline, spread, level history, action log, evidence, and the CLI's actions.</summary>
[Authorize(Policy = Permissions.IncidentView)]
public sealed class IncidentModel : ConsolePage
{
    /// <summary>Posts shown on the timeline (the newest beyond this are counted, not listed).</summary>
    public const int MaxPosts = 200;

    /// <summary>Characters of a post shown before "全文" (the rest is behind a details element).</summary>
    public const int ShownChars = 2000;

    public IncidentRecord Incident { get; private set; } = null!;

    public IReadOnlyList<(IncidentPost Post, StoredPost? Stored)> Posts { get; private set; } = [];

    public IReadOnlyList<AlertRecord> Alerts { get; private set; } = [];

    public IReadOnlyList<IncidentAction> Log { get; private set; } = [];

    public IReadOnlyList<IncidentWorkItem> Work { get; private set; } = [];

    public IReadOnlyList<EvidenceItem> Evidence { get; private set; } = [];

    public IReadOnlyList<(string Label, int Value)> SpreadOverTime { get; private set; } = [];

    public IReadOnlyList<(string Platform, int Posts)> SpreadPerPlatform { get; private set; } = [];

    /// <summary>The spread path: the first post of each account that carried the story, oldest first.</summary>
    public IReadOnlyList<IncidentPost> Path { get; private set; } = [];

    public bool SharedWithPolice { get; private set; }

    /// <summary>The approved (or published) press line and release, newest per kind: what commentators' 正面评述 follow. Drafts are never shown here.</summary>
    public IReadOnlyList<Core.PressLines.PressLineVersion> ApprovedLines { get; private set; } = [];

    /// <summary>Takedown requests of the incident's posts (null when the evidence stage's takedown store is absent).</summary>
    public IReadOnlyList<TakedownRow>? Takedowns { get; private set; }

    /// <summary>Images of the shown posts, by post id (OCR text and QR payloads included).</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<PostImage>> Images { get; private set; } = new Dictionary<long, IReadOnlyList<PostImage>>();

    public int TotalPosts { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        if (Evidence.Count > 0)
        {
            await Audit.RecordAsync(HttpContext, "view_evidence", $"incident:{id}", Auditor.Ok, string.Join(",", Evidence.Select(e => e.Id))).ConfigureAwait(false);
        }

        return Page();
    }

    public Task<IActionResult> OnPostAckAsync(long id, long alert, CancellationToken cancellationToken) => TriageAsync(id, alert, "ack", null, cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken cancellationToken) => TriageAsync(id, null, "confirm", null, cancellationToken);

    public Task<IActionResult> OnPostFalsePositiveAsync(long id, CancellationToken cancellationToken) => TriageAsync(id, null, "false_positive", Labels.Normal, cancellationToken);

    public Task<IActionResult> OnPostRelabelAsync(long id, string? label, CancellationToken cancellationToken) => TriageAsync(id, null, "relabel", label ?? string.Empty, cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(long id, string? to, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Triage, "assign", () => Actions.AssignAsync(HttpContext, id, string.IsNullOrWhiteSpace(to) ? User.Name() : to.Trim(), cancellationToken));

    public Task<IActionResult> OnPostNoteAsync(long id, string? text, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Triage, "note", () => Actions.RecordWorkAsync(HttpContext, id, IncidentWorkKinds.Note, Required(text, "备注内容"), null, null, cancellationToken));

    public Task<IActionResult> OnPostGuidanceAsync(long id, string? text, string? url, string? postedAt, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Triage, "guidance", () =>
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var link) || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException("跟帖链接须为 http(s) 地址。");
            }

            if (!DateTime.TryParse(postedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                throw new ArgumentException("请填写跟帖时间。");
            }

            var posted = new DateTimeOffset(local, Core.Time.ChinaTime.Offset);
            return Actions.RecordWorkAsync(HttpContext, id, IncidentWorkKinds.Guidance, Required(text, "跟帖内容"), link, posted, cancellationToken);
        });

    public Task<IActionResult> OnPostShareAsync(long id, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Decide, "share_police", () => Actions.RecordWorkAsync(HttpContext, id, IncidentWorkKinds.SharePolice, string.Empty, null, null, cancellationToken));

    public Task<IActionResult> OnPostDowngradeAsync(long id, string? level, string? reason, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Decide, "downgrade", () =>
        {
            if (!IncidentLevels.TryParse(level, out var target))
            {
                throw new ArgumentException("请选择目标级别。");
            }

            return Actions.DecideAsync(HttpContext, id, "downgrade", $"to {level}", admin => admin.DowngradeAsync(id, target, User.Signature(), Required(reason, "降级理由"), cancellationToken));
        });

    public Task<IActionResult> OnPostCloseAsync(long id, string? reason, string? stage, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Decide, "close", () =>
            Actions.DecideAsync(HttpContext, id, "close", stage ?? string.Empty, admin => admin.CloseAsync(id, User.Signature(), Required(reason, "关闭理由"), string.IsNullOrWhiteSpace(stage) ? null : stage, cancellationToken)));

    public Task<IActionResult> OnPostReopenAsync(long id, string? reason, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Decide, "reopen", () =>
            Actions.DecideAsync(HttpContext, id, "reopen", string.Empty, admin => admin.ReopenAsync(id, User.Signature(), Required(reason, "重新打开理由"), cancellationToken)));

    public Task<IActionResult> OnPostMergeAsync(long id, long? other, string? reason, CancellationToken cancellationToken) =>
        ActAsync(id, Permissions.Decide, "merge", () =>
            Actions.DecideAsync(HttpContext, id, "merge", $"incident:{other} into incident:{id}", admin => admin.MergeAsync(id, other ?? throw new ArgumentException("请填写要并入的事件编号。"), User.Signature(), Required(reason, "合并理由"), cancellationToken)));

    private async Task<IActionResult> TriageAsync(long id, long? alert, string action, string? label, CancellationToken cancellationToken)
    {
        return await ActAsync(id, Permissions.Triage, action, async () =>
        {
            var alerts = await HttpContext.RequestServices.GetRequiredService<IAlertStore>().ListAlertsOfIncidentAsync(id, cancellationToken).ConfigureAwait(false);
            var target = alert is { } a ? alerts.FirstOrDefault(x => x.Id == a) : alerts.LastOrDefault(x => x.State == "open") ?? alerts.LastOrDefault();
            if (target is null)
            {
                throw new ArgumentException("该事件没有告警可签收。");
            }

            return await Actions.TriageAsync(HttpContext, target.Id, action, label, cancellationToken).ConfigureAwait(false) ?? "告警不存在。";
        }).ConfigureAwait(false);
    }

    /// <summary>Checks the permission and the incident's visibility, runs the action, and comes back to the page with its message.</summary>
    private async Task<IActionResult> ActAsync(long id, string permission, string action, Func<Task<string>> body)
    {
        if (await RequireAsync(permission, $"incident:{id} {action}").ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (await FindVisibleAsync(id, HttpContext.RequestAborted).ConfigureAwait(false) is null)
        {
            return NotFound();
        }

        try
        {
            Flash = await body().ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await Audit.RecordAsync(HttpContext, action, $"incident:{id}", Auditor.Refused, ex.Message).ConfigureAwait(false);
            Flash = "未执行：" + ex.Message;
        }

        return LocalRedirect("/incident/" + id.ToString(CultureInfo.InvariantCulture));
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{what}必填。") : value.Trim();

    /// <summary>The incident when it exists and the signed-in user may see it; else null (the page answers 404 for both).</summary>
    private async Task<IncidentRecord?> FindVisibleAsync(long id, CancellationToken cancellationToken)
    {
        var sp = HttpContext.RequestServices;
        var incident = await sp.GetRequiredService<IIncidentStore>().GetAsync(id, cancellationToken).ConfigureAwait(false);
        return incident is not null && await sp.GetRequiredService<IncidentVisibility>().CanSeeAsync(User, id, cancellationToken).ConfigureAwait(false)
            ? incident
            : null;
    }

    private ConsoleActions Actions => HttpContext.RequestServices.GetRequiredService<ConsoleActions>();

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var sp = HttpContext.RequestServices;
        if (await FindVisibleAsync(id, cancellationToken).ConfigureAwait(false) is not { } incident)
        {
            return false;
        }

        Incident = incident;
        var posts = await sp.GetRequiredService<IIncidentStore>().GetPostsAsync(id, cancellationToken).ConfigureAwait(false);
        TotalPosts = posts.Count;
        var store = sp.GetRequiredService<IPostStore>();
        var shown = new List<(IncidentPost, StoredPost?)>();
        foreach (var p in posts.Take(MaxPosts))
        {
            shown.Add((p, await store.GetPostAsync(p.PostId, cancellationToken).ConfigureAwait(false)));
        }

        Posts = shown;
        if (sp.GetService<IPostImageStore>() is { } images)
        {
            var byPost = new Dictionary<long, IReadOnlyList<PostImage>>();
            foreach (var (p, _) in shown)
            {
                if (await images.GetForPostAsync(p.PostId, cancellationToken).ConfigureAwait(false) is { Count: > 0 } found)
                {
                    byPost[p.PostId] = found;
                }
            }

            Images = byPost;
        }

        if (sp.GetService<ITakedownStore>() is { } takedowns)
        {
            Takedowns = await TakedownRows.ForAsync(takedowns, posts.Select(p => p.PostId).ToHashSet(), posts.Select(p => p.Url.AbsoluteUri).ToHashSet(StringComparer.Ordinal),
                sp.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        Alerts = await sp.GetRequiredService<IAlertStore>().ListAlertsOfIncidentAsync(id, cancellationToken).ConfigureAwait(false);
        Log = await sp.GetRequiredService<IIncidentActionStore>().GetActionsAsync(id, cancellationToken).ConfigureAwait(false);
        Work = await sp.GetRequiredService<IIncidentWorkStore>().GetAsync(id, cancellationToken).ConfigureAwait(false);
        SharedWithPolice = Work.Any(w => w.Kind == IncidentWorkKinds.SharePolice);
        ApprovedLines = (await sp.GetRequiredService<Core.PressLines.IPressLineStore>().ListAsync(id, cancellationToken).ConfigureAwait(false))
            .Where(v => Core.PressLines.PressLineStates.Followable(v.State)).GroupBy(v => v.Kind).Select(g => g.MaxBy(v => v.Version)!).ToList();
        Evidence = sp.GetService<IEvidenceStore>() is { } evidence
            ? await evidence.FindByAlertOrIncidentAsync(id.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false)
            : [];
        var times = posts.Select(p => p.At).ToList();
        var buckets = QueueReader.Spark(times, 24);
        if (times.Count > 0)
        {
            var first = times.Min();
            var step = (times.Max() - first) / Math.Max(1, buckets.Count);
            SpreadOverTime = buckets.Select((v, i) => (Rendering.Show.Time(first + step * i), v)).ToList();
        }

        Path = SpreadPath.Of(posts, 30);
        SpreadPerPlatform = posts.GroupBy(p => p.Platform).Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ToList();
        return true;
    }
}
