using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Queue;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>研判队列: open alerts, highest level first then newest; triage by keyboard or buttons.</summary>
[Authorize(Policy = Permissions.QueueView)]
public sealed class IndexModel : ConsolePage
{
    public QueueView View { get; private set; } = null!;

    public QueueFilter Filter { get; private set; } = QueueFilter.Default;

    /// <summary>Enabled sources whose last run failed or that went dark (a missed post starts as a failing source).</summary>
    public IReadOnlyList<SourceState> Failing { get; private set; } = [];

    /// <summary>Incidents with an approved (or published) press line: their rows carry a marker, so 正面评述 follow the line.</summary>
    public IReadOnlySet<long> ApprovedLines { get; private set; } = new HashSet<long>();

    /// <summary>How often the page's script asks for the stamp (<c>Console:QueuePoll</c>), in milliseconds.</summary>
    public int PollMilliseconds => (int)HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.ConsoleOptions>>().Value.QueuePoll.TotalMilliseconds;

    /// <summary>The alert to select on load (the one after the row just worked on).</summary>
    public long? At { get; private set; }

    public async Task OnGetAsync(string? level, string? label, string? platform, string? state, bool mine, string? source, string? stage, long? at, CancellationToken cancellationToken)
    {
        await ReadAsync(level, label, platform, state, mine, source, stage, at, fresh: false, cancellationToken).ConfigureAwait(false);
        Failing = (await HttpContext.RequestServices.GetRequiredService<SourceStatusReader>().ReadAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => s.Failing || s.Dark).ToList();
    }

    private async Task ReadAsync(string? level, string? label, string? platform, string? state, bool mine, string? source, string? stage, long? at, bool fresh, CancellationToken cancellationToken)
    {
        Filter = new QueueFilter(level, label, platform, state, mine, source, stage);
        At = at;
        View = await HttpContext.RequestServices.GetRequiredService<QueueReader>().ReadAsync(Filter, User.Name(), null, fresh, cancellationToken).ConfigureAwait(false);
        ApprovedLines = (await HttpContext.RequestServices.GetRequiredService<Core.PressLines.IPressLineStore>()
                .ListInStatesAsync([Core.PressLines.PressLineStates.Approved, Core.PressLines.PressLineStates.Published], 1000, cancellationToken).ConfigureAwait(false))
            .Select(v => v.IncidentId).ToHashSet();
    }

    /// <summary>The live part of the page (counts and rows), for the script's refresh.</summary>
    public async Task<IActionResult> OnGetRowsAsync(string? level, string? label, string? platform, string? state, bool mine, string? source, string? stage, CancellationToken cancellationToken)
    {
        await ReadAsync(level, label, platform, state, mine, source, stage, null, fresh: false, cancellationToken).ConfigureAwait(false);
        return Partial("_QueueLive", this);
    }

    /// <summary>A short token that changes whenever the rows or counts would.</summary>
    public async Task<IActionResult> OnGetStampAsync(string? level, string? label, string? platform, string? state, bool mine, string? source, string? stage, CancellationToken cancellationToken)
    {
        // Only the queue: the poll runs every QueuePoll in every open queue, and the press-line markers are not in the stamp.
        var view = await HttpContext.RequestServices.GetRequiredService<QueueReader>()
            .ReadAsync(new QueueFilter(level, label, platform, state, mine, source, stage), User.Name(), null, fresh: true, cancellationToken).ConfigureAwait(false);
        return Content(view.Stamp, "text/plain");
    }

    public Task<IActionResult> OnPostConfirmAsync(long alert, long? next, string? back, CancellationToken cancellationToken) =>
        TriageAsync(alert, next, back, "confirm", null, cancellationToken);

    public Task<IActionResult> OnPostFalsePositiveAsync(long alert, long? next, string? back, CancellationToken cancellationToken) =>
        TriageAsync(alert, next, back, "false_positive", Labels.Normal, cancellationToken);

    public Task<IActionResult> OnPostRelabelAsync(long alert, string? label, long? next, string? back, CancellationToken cancellationToken) =>
        TriageAsync(alert, next, back, "relabel", label ?? string.Empty, cancellationToken);

    public Task<IActionResult> OnPostAckAsync(long alert, long? next, string? back, CancellationToken cancellationToken) =>
        TriageAsync(alert, next, back, "ack", null, cancellationToken);

    public async Task<IActionResult> OnPostAssignAsync(long alert, string? to, long? next, string? back, CancellationToken cancellationToken)
    {
        if (await RequireAsync(Permissions.Triage, $"alert:{alert}").ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var found = await HttpContext.RequestServices.GetRequiredService<IAlertStore>().GetAlertAsync(alert, cancellationToken).ConfigureAwait(false);
        if (found?.IncidentId is not { } incident)
        {
            return NotFound();
        }

        var assignee = string.IsNullOrWhiteSpace(to) ? User.Name() : to.Trim();
        var outcome = await Actions.AssignAsync(HttpContext, incident, assignee, cancellationToken).ConfigureAwait(false);
        Flash = outcome;
        return Back(back, next);
    }

    private async Task<IActionResult> TriageAsync(long alert, long? next, string? back, string action, string? label, CancellationToken cancellationToken)
    {
        if (await RequireAsync(Permissions.Triage, $"alert:{alert}").ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var result = await Actions.TriageAsync(HttpContext, alert, action, label, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return NotFound();
        }

        Flash = result;
        return Back(back, next);
    }

    private ConsoleActions Actions => HttpContext.RequestServices.GetRequiredService<ConsoleActions>();

    /// <summary>Back to the queue with the same filters, the next row selected. Only a local query string is accepted.</summary>
    private IActionResult Back(string? back, long? next)
    {
        var query = back is { Length: > 0 } b && b.StartsWith('?') && !b.Contains("//", StringComparison.Ordinal) ? b : "?";
        query = string.Join("&", query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("at=", StringComparison.Ordinal)));
        return LocalRedirect("/?" + query + (next is { } n ? (query.Length > 0 ? "&" : string.Empty) + "at=" + n : string.Empty));
    }

    /// <summary>The filter as a query string (without the selection), for forms and the script.</summary>
    public string FilterQuery()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("level", Filter.Level);
        Add("label", Filter.Label);
        Add("platform", Filter.Platform);
        Add("state", Filter.State);
        Add("source", Filter.Source);
        Add("stage", Filter.Stage);
        if (Filter.Mine)
        {
            parts.Add("mine=true");
        }

        return "?" + string.Join("&", parts);
    }
}
