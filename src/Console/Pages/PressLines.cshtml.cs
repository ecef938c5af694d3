using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.PressLines;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Office.PressLines;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>
/// 口径与通稿: an incident's press lines and press releases, every version with its workflow steps, facts and their
/// sources, and the diff to the version before; the office drafts, edits, submits and publishes, the leader approves
/// or returns; the media interview log. Without an incident: what waits for approval and what was approved lately.
/// </summary>
[Authorize(Policy = Permissions.PressLinesView)]
public sealed class PressLinesModel : ConsolePage
{
    public IncidentRecord? Incident { get; private set; }

    public IReadOnlyList<PressLineVersion> Versions { get; private set; } = [];

    public PressLineVersion? Selected { get; private set; }

    public IReadOnlyList<PressLineStep> Steps { get; private set; } = [];

    public IReadOnlyList<DiffLine> Diff { get; private set; } = [];

    public PressLineVersion? DiffBase { get; private set; }

    public IReadOnlyList<MediaInterview> Interviews { get; private set; } = [];

    public IReadOnlyList<PressLineVersion> Waiting { get; private set; } = [];

    public IReadOnlyDictionary<string, PressLineTemplateOptions> Templates => HttpContext.RequestServices.GetRequiredService<IOptions<PressLineOptions>>().Value.Templates;

    /// <summary>The template set the incident's label starts from (shown as the default choice).</summary>
    public string? SuggestedTemplate { get; private set; }

    /// <summary>Template problems of the last refused save, each naming its line.</summary>
    [TempData]
    public string? Problems { get; set; }

    private IPressLineStore Store => HttpContext.RequestServices.GetRequiredService<IPressLineStore>();

    private PressLineDesk Desk => HttpContext.RequestServices.GetRequiredService<PressLineDesk>();

    public async Task<IActionResult> OnGetAsync(long? id, long? v, CancellationToken cancellationToken)
    {
        if (id is not { } incidentId)
        {
            Waiting = await Store.ListInStatesAsync([PressLineStates.Submitted, PressLineStates.Approved, PressLineStates.Published], 100, cancellationToken).ConfigureAwait(false);
            Interviews = await Store.ListInterviewsAsync(null, 100, cancellationToken).ConfigureAwait(false);
            return Page();
        }

        Incident = await HttpContext.RequestServices.GetRequiredService<IIncidentStore>().GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (Incident is null)
        {
            return NotFound();
        }

        SuggestedTemplate = Desk.TemplateFor(Incident)?.Name;
        Versions = await Store.ListAsync(incidentId, cancellationToken).ConfigureAwait(false);
        Selected = v is { } wanted ? Versions.FirstOrDefault(x => x.Id == wanted) : Versions.LastOrDefault();
        if (Selected is not null)
        {
            Steps = await Store.GetStepsAsync(Selected.Id, cancellationToken).ConfigureAwait(false);
            DiffBase = Selected.BasedOn is { } b ? Versions.FirstOrDefault(x => x.Id == b) : Versions.LastOrDefault(x => x.Kind == Selected.Kind && x.Version < Selected.Version);
            Diff = DiffBase is null ? [] : LineDiff.Compute(DiffBase.Text, Selected.Text);
        }

        Interviews = await Store.ListInterviewsAsync(incidentId, 100, cancellationToken).ConfigureAwait(false);
        return Page();
    }

    public Task<IActionResult> OnPostDraftAsync(long id, string? kind, string? template, CancellationToken cancellationToken) =>
        ActAsync(id, null, Permissions.PressLinesDraft, "pressline_draft", async () =>
        {
            var created = await Desk.DraftAsync(id, kind ?? PressLineKinds.Line, template, User.Signature(), User.Role(), cancellationToken).ConfigureAwait(false);
            return ($"已起草{PressLineKinds.ChineseName(created.Kind)}第 {created.Version} 版（草稿）。", created.Id);
        });

    public Task<IActionResult> OnPostSaveAsync(long id, long version, string? source, CancellationToken cancellationToken) =>
        ActAsync(id, version, Permissions.PressLinesDraft, "pressline_save", async () =>
        {
            var outcome = await Desk.SaveAsync(version, source ?? string.Empty, User.Signature(), User.Role(), cancellationToken).ConfigureAwait(false);
            if (!outcome.NewVersion)
            {
                return ("已保存。", outcome.Version.Id);
            }

            // The frozen version was not touched: the attempt is on record, and the text lives on as a new draft.
            await Audit.RecordAsync(HttpContext, "pressline_edit", $"pressline:{version}", Auditor.Refused, $"version is frozen; saved as new version pressline:{outcome.Version.Id}").ConfigureAwait(false);
            return ($"原版本已送审或审定，不能修改：已另存为第 {outcome.Version.Version} 版（草稿）。", outcome.Version.Id);
        });

    public Task<IActionResult> OnPostSubmitAsync(long id, long version, CancellationToken cancellationToken) =>
        ActAsync(id, version, Permissions.PressLinesDraft, "pressline_submit", async () =>
        {
            await Desk.SubmitAsync(version, User.Signature(), User.Role(), cancellationToken).ConfigureAwait(false);
            return ("已送审，等待领导审定。", version);
        });

    public Task<IActionResult> OnPostApproveAsync(long id, long version, string? comment, CancellationToken cancellationToken) =>
        ActAsync(id, version, Permissions.PressLinesApprove, "pressline_approve", async () =>
        {
            await Desk.ApproveAsync(version, User.Signature(), User.Role(), comment?.Trim() ?? string.Empty, cancellationToken).ConfigureAwait(false);
            return ("已审定。研判员的队列和事件页将显示此口径。", version);
        });

    public Task<IActionResult> OnPostReturnAsync(long id, long version, string? comment, CancellationToken cancellationToken) =>
        ActAsync(id, version, Permissions.PressLinesApprove, "pressline_return", async () =>
        {
            await Desk.ReturnAsync(version, User.Signature(), User.Role(), comment ?? string.Empty, cancellationToken).ConfigureAwait(false);
            return ("已退回办公室修改。", version);
        });

    public Task<IActionResult> OnPostPublishAsync(long id, long version, CancellationToken cancellationToken) =>
        ActAsync(id, version, Permissions.PressLinesDraft, "pressline_publish", async () =>
        {
            await Desk.PublishAsync(version, User.Signature(), User.Role(), cancellationToken).ConfigureAwait(false);
            return ("已发布。", version);
        });

    public Task<IActionResult> OnPostInterviewAsync(long id, string? outlet, string? reporter, string? request, string? decision, CancellationToken cancellationToken) =>
        ActAsync(id, null, Permissions.PressLinesDraft, "media_interview", async () =>
        {
            var row = new MediaInterview(0, id, Required(outlet, "媒体"), Required(reporter, "记者"), Required(request, "采访事项"), Required(decision, "处理意见"), User.Signature(),
                HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
            var added = await Store.AddInterviewAsync(row, cancellationToken).ConfigureAwait(false);
            return ($"已登记媒体采访申请 #{added}。", null);
        });

    /// <summary>Checks the permission (a refusal is audited and answered 403), runs the step, audits its outcome, and comes back.</summary>
    private async Task<IActionResult> ActAsync(long id, long? version, string permission, string action, Func<Task<(string Message, long? Version)>> body)
    {
        var target = version is { } ver ? $"incident:{id} pressline:{ver}" : $"incident:{id}";
        if (await RequireAsync(permission, $"{target} {action}").ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (await HttpContext.RequestServices.GetRequiredService<IIncidentStore>().GetAsync(id, HttpContext.RequestAborted).ConfigureAwait(false) is null
            || (version is { } v && (await Store.GetAsync(v, HttpContext.RequestAborted).ConfigureAwait(false))?.IncidentId != id))
        {
            return NotFound();
        }

        long? show = version;
        try
        {
            (Flash, show) = await body().ConfigureAwait(false);
            await Audit.RecordAsync(HttpContext, action, show is { } s ? $"incident:{id} pressline:{s}" : target, Auditor.Ok).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await Audit.RecordAsync(HttpContext, action, target, Auditor.Refused, ex.Message).ConfigureAwait(false);
            Flash = "未执行：" + ex.Message;
            if (ex is PressLineRefusedException { Problems.Count: > 0 } refused)
            {
                Problems = string.Join("\n", refused.Problems);
            }
        }

        return LocalRedirect($"/presslines/{id.ToString(CultureInfo.InvariantCulture)}" + (show is { } x ? "?v=" + x.ToString(CultureInfo.InvariantCulture) : string.Empty));
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{what}必填。") : value.Trim();
}
