using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Reports;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>报告: the stored reports (all, or one incident's) and the form that drafts a new one from the store.</summary>
[Authorize(Policy = Permissions.ReportsView)]
public sealed class ReportsModel : ConsolePage
{
    public const int Listed = 200;

    public IReadOnlyList<ReportRecord> Reports { get; private set; } = [];

    public long? IncidentFilter { get; private set; }

    /// <summary>Reports the automatic drafter wrote (快报 on confirmation, 续报 on developments) not yet marked sent: the office's notice.</summary>
    public IReadOnlyList<ReportRecord> Unsent { get; private set; } = [];

    public async Task OnGetAsync(long? incident, CancellationToken cancellationToken)
    {
        IncidentFilter = incident;
        Reports = await HttpContext.RequestServices.GetRequiredService<IReportStore>().ListAsync(incident, Listed, cancellationToken).ConfigureAwait(false);
        var actions = HttpContext.RequestServices.GetRequiredService<Core.Alerting.IIncidentActionStore>();
        var unsent = new List<ReportRecord>();
        foreach (var r in Reports.Where(r => r.CreatedBy == AutoReporter.Actor && r.IncidentId is not null))
        {
            var id = r.Id.ToString(CultureInfo.InvariantCulture);
            if (!(await actions.GetActionsAsync(r.IncidentId!.Value, cancellationToken).ConfigureAwait(false)).Any(a => a.Action == Core.Alerting.IncidentActionKinds.ReportSent && a.Detail == id))
            {
                unsent.Add(r);
            }
        }

        Unsent = unsent;
    }

    /// <summary>The incident list a period report cites as 及其余 M 起 (its <c>query:incidents …</c> reference), when opened.</summary>
    public IReadOnlyList<Core.Alerting.IncidentRecord>? IncidentList { get; private set; }

    public string? ListQuery { get; private set; }

    public async Task<IActionResult> OnGetIncidentsAsync(string? q, CancellationToken cancellationToken)
    {
        if (HttpContext.RequestServices.GetService<ReportService>() is not { } service)
        {
            return NotFound();
        }

        IncidentList = await service.IncidentListAsync(q ?? string.Empty, cancellationToken).ConfigureAwait(false);
        if (IncidentList is null)
        {
            return BadRequest("not an incident list: incidents FROM TO [level=N|stage=NAME]");
        }

        ListQuery = q;
        await Audit.RecordAsync(HttpContext, "report_incident_list", $"query:{q}", Auditor.Ok, string.Create(CultureInfo.InvariantCulture, $"{IncidentList.Count} incidents")).ConfigureAwait(false);
        return Page();
    }

    public async Task<IActionResult> OnPostGenerateAsync(string? kind, long? incident, string? from, string? to, CancellationToken cancellationToken)
    {
        var target = incident is { } i ? $"incident:{i}" : $"period:{from}..{to}";
        if (await RequireAsync(Permissions.ReportsDraft, target).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        try
        {
            if (kind is null || !ReportKinds.All.Contains(kind))
            {
                throw new ArgumentException("请选择报告类型。");
            }

            var (f, t) = ReportPeriod.Of(kind, from, to);
            var service = HttpContext.RequestServices.GetRequiredService<ReportService>();
            var (record, document) = await service.GenerateAsync(kind, ReportKinds.Incident.Contains(kind) ? incident : null, f, t, User.Name(), cancellationToken).ConfigureAwait(false);
            var blanks = document.Segments().Count(s => s.Kind == SegmentKind.Blank);
            await Audit.RecordAsync(HttpContext, "report_generate", $"report:{record.Id}", Auditor.Ok,
                string.Create(CultureInfo.InvariantCulture, $"{kind} {target} facts={document.Facts.Count} blanks={blanks}")).ConfigureAwait(false);
            return Redirect($"/reports/{record.Id}");
        }
        catch (ArgumentException ex)
        {
            await Audit.RecordAsync(HttpContext, "report_generate", target, Auditor.Failed, ex.Message).ConfigureAwait(false);
            Flash = "未能生成：" + ex.Message;
            return Redirect(incident is { } back ? $"/reports?incident={back}" : "/reports");
        }
    }
}
