using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.PressLines;

namespace SentimentWatch.Office.PressLines;

/// <summary>A workflow step the rules refuse (wrong state, a template problem, a frozen version); the message is for the person.</summary>
public sealed class PressLineRefusedException(string message, IReadOnlyList<TemplateProblem>? problems = null) : ArgumentException(message)
{
    public IReadOnlyList<TemplateProblem> Problems { get; } = problems ?? [];
}

/// <summary>What a save did: edited the version in place, or (for a frozen version) made a new one.</summary>
public sealed record SaveOutcome(PressLineVersion Version, bool NewVersion);

/// <summary>
/// The press-line workflow: draft from the incident kind's template → 送审 → 审定 or 退回 (with a comment) → 发布.
/// Only an approved version can be published; an approved, submitted or published version is never edited in place
/// (a save makes a new version). Who may do which step is the console's permission table; the order of steps is here.
/// </summary>
public sealed class PressLineDesk(IPressLineStore store, FactReader facts, IIncidentStore incidents, IOptions<PressLineOptions> options, TimeProvider time)
{
    /// <summary>The template set for the incident's labels (the first label a set serves), or null.</summary>
    public (string Name, PressLineTemplateOptions Set)? TemplateFor(IncidentRecord incident)
    {
        foreach (var label in incident.Labels)
        {
            foreach (var (name, set) in options.Value.Templates.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                if (set.Labels.Contains(label, StringComparer.Ordinal))
                {
                    return (name, set);
                }
            }
        }

        return null;
    }

    /// <summary>Starts a draft of <paramref name="kind"/> from the configured template (named, else the incident kind's).</summary>
    public async Task<PressLineVersion> DraftAsync(long incidentId, string kind, string? templateName, string actor, string role, CancellationToken cancellationToken)
    {
        if (!PressLineKinds.All.Contains(kind))
        {
            throw new PressLineRefusedException($"未知文稿类型“{kind}”。");
        }

        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false) ?? throw new PressLineRefusedException($"事件 #{incidentId} 不存在。");
        var chosen = !string.IsNullOrWhiteSpace(templateName) && options.Value.Templates.TryGetValue(templateName, out var named)
            ? (templateName, named)
            : TemplateFor(incident);
        var lines = chosen is { } c ? (kind == PressLineKinds.Release ? c.Item2.Release : c.Item2.Line) : [];
        var source = lines.Length > 0 ? string.Join('\n', lines) : "{{ office.name }}：关于{{ incident.title }}（无对应模板，请撰写）";
        var (text, used) = await FillAsync(incidentId, source, cancellationToken).ConfigureAwait(false);
        return await store.AddAsync(incidentId, kind, chosen?.Item1 ?? string.Empty, source, text, used, actor, role, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks and fills <paramref name="source"/> for the incident without saving (preview).</summary>
    public async Task<(string Text, string Facts)> FillAsync(long incidentId, string source, CancellationToken cancellationToken)
    {
        var problems = LiquidText.Check(source, out var template);
        if (template is null)
        {
            throw new PressLineRefusedException("模板有误，未保存：" + string.Join("；", problems), problems);
        }

        var sheet = await facts.ReadAsync(incidentId, cancellationToken).ConfigureAwait(false);
        return (LiquidText.Fill(template, sheet), sheet.Describe(template.Facts));
    }

    /// <summary>
    /// Saves new text. A template problem is refused naming its line. A version that is no longer editable is not
    /// changed: the text becomes a new draft version based on it (<see cref="SaveOutcome.NewVersion"/>).
    /// </summary>
    public async Task<SaveOutcome> SaveAsync(long versionId, string source, string actor, string role, CancellationToken cancellationToken)
    {
        var version = await GetAsync(versionId, cancellationToken).ConfigureAwait(false);
        var (text, used) = await FillAsync(version.IncidentId, source, cancellationToken).ConfigureAwait(false);
        if (PressLineStates.Editable(version.State)
            && await store.UpdateTextAsync(versionId, version.State, source, text, used, actor, role, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return new SaveOutcome((await store.GetAsync(versionId, cancellationToken).ConfigureAwait(false))!, false);
        }

        var copy = await store.AddAsync(version.IncidentId, version.Kind, version.Template, source, text, used, actor, role, time.GetUtcNow(), versionId, cancellationToken).ConfigureAwait(false);
        return new SaveOutcome(copy, true);
    }

    /// <summary>送审: the text is filled once more from the facts of now and frozen; the leader approves exactly that.</summary>
    public async Task SubmitAsync(long versionId, string actor, string role, CancellationToken cancellationToken)
    {
        var version = await GetAsync(versionId, cancellationToken).ConfigureAwait(false);
        if (!PressLineStates.Editable(version.State))
        {
            throw new PressLineRefusedException($"第 {version.Version} 版{PressLineStates.ChineseName(version.State)}，不能送审。");
        }

        var (text, used) = await FillAsync(version.IncidentId, version.Source, cancellationToken).ConfigureAwait(false);
        if (!await store.UpdateTextAsync(versionId, version.State, version.Source, text, used, actor, role, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            || !await store.TransitionAsync(versionId, version.State, PressLineStates.Submitted, "submitted", actor, role, string.Empty, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new PressLineRefusedException("该版本刚被他人修改，请刷新后重试。");
        }
    }

    /// <summary>审定 by the leader: only a submitted version.</summary>
    public Task ApproveAsync(long versionId, string actor, string role, string comment, CancellationToken cancellationToken) =>
        MoveAsync(versionId, PressLineStates.Submitted, PressLineStates.Approved, "approved", actor, role, comment, "只有送审中的版本可以审定", cancellationToken);

    /// <summary>退回 with a comment (required): the office edits and submits again.</summary>
    public Task ReturnAsync(long versionId, string actor, string role, string comment, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(comment)
            ? throw new PressLineRefusedException("退回须填写意见。")
            : MoveAsync(versionId, PressLineStates.Submitted, PressLineStates.Returned, "returned", actor, role, comment.Trim(), "只有送审中的版本可以退回", cancellationToken);

    /// <summary>发布: only an approved version.</summary>
    public Task PublishAsync(long versionId, string actor, string role, CancellationToken cancellationToken) =>
        MoveAsync(versionId, PressLineStates.Approved, PressLineStates.Published, "published", actor, role, string.Empty, "只有已审定的版本可以发布", cancellationToken);

    private async Task MoveAsync(long versionId, string from, string to, string step, string actor, string role, string comment, string rule, CancellationToken cancellationToken)
    {
        var version = await GetAsync(versionId, cancellationToken).ConfigureAwait(false);
        if (version.State != from || !await store.TransitionAsync(versionId, from, to, step, actor, role, comment, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new PressLineRefusedException($"{rule}（第 {version.Version} 版当前{PressLineStates.ChineseName(version.State)}）。");
        }
    }

    private async Task<PressLineVersion> GetAsync(long versionId, CancellationToken cancellationToken) =>
        await store.GetAsync(versionId, cancellationToken).ConfigureAwait(false) ?? throw new PressLineRefusedException($"文稿版本 #{versionId} 不存在。");
}
