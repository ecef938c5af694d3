using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Reports;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>
/// One report: the preview (each fact with its footnote; hover names the sources), every source checked against the
/// store, the versions, the edit form (each save a new version) and the DOCX/PDF downloads. Every step is audited.
/// </summary>
[Authorize(Policy = Permissions.ReportsView)]
public sealed class ReportsDocumentModel : ConsolePage
{
    public ReportRecord Record { get; private set; } = null!;

    public ReportVersion Version { get; private set; } = null!;

    public ReportDocument Document { get; private set; } = null!;

    public IReadOnlyList<ReportVersion> Versions { get; private set; } = [];

    /// <summary>Source keys that no longer resolve in the store.</summary>
    public IReadOnlySet<string> Dangling { get; private set; } = new HashSet<string>();

    private ReportService Service => HttpContext.RequestServices.GetRequiredService<ReportService>();

    public async Task<IActionResult> OnGetAsync(long id, int? version, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, version, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        var resolver = HttpContext.RequestServices.GetRequiredService<ReferenceResolver>();
        var dangling = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in Document.Sources())
        {
            if (!await resolver.ResolvesAsync(s, cancellationToken).ConfigureAwait(false))
            {
                dangling.Add(s.Key);
            }
        }

        Dangling = dangling;
        await Audit.RecordAsync(HttpContext, "report_view", $"report:{id}", Auditor.Ok, $"v{Version.Version}").ConfigureAwait(false);
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(long id, string? format, int? version, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, version, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        var (bytes, type, extension) = format switch
        {
            "docx" => (Service.Docx(Document), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            "pdf" => (Service.Pdf(Document), "application/pdf", "pdf"),
            _ => (null, null, null),
        };
        if (bytes is null)
        {
            return BadRequest();
        }

        await Audit.RecordAsync(HttpContext, "report_download", $"report:{id}", Auditor.Ok, $"{extension} v{Version.Version}").ConfigureAwait(false);
        return File(bytes, type!, string.Create(CultureInfo.InvariantCulture, $"{(Document.Exercise ? Blanks.Drill : string.Empty)}report-{id}-v{Version.Version}.{extension}"));
    }

    /// <summary>报送: records that this version was sent up the chain (the evaluation's 报告报送 step), by whom and how.</summary>
    public async Task<IActionResult> OnPostSentAsync(long id, int? version, string? how, CancellationToken cancellationToken)
    {
        if (await RequireAsync(Permissions.ReportsDraft, $"report:{id}").ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        var means = string.IsNullOrWhiteSpace(how) ? "未注明方式" : how.Trim();
        if (!await Service.MarkSentAsync(id, version, User.Name(), means, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        await Audit.RecordAsync(HttpContext, "report_sent", $"report:{id}", Auditor.Ok, string.Create(CultureInfo.InvariantCulture, $"v{version?.ToString(CultureInfo.InvariantCulture) ?? "latest"} {means}")).ConfigureAwait(false);
        Flash = "已记录报送。";
        return Redirect($"/reports/{id}");
    }

    public async Task<IActionResult> OnPostEditAsync(long id, List<string?> sections, CancellationToken cancellationToken)
    {
        if (await RequireAsync(Permissions.ReportsDraft, $"report:{id}").ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (!await LoadAsync(id, null, cancellationToken).ConfigureAwait(false))
        {
            return NotFound();
        }

        var outcome = await Service.EditAsync(id, sections, User.Name(), cancellationToken).ConfigureAwait(false);
        await Audit.RecordAsync(HttpContext, "report_edit", $"report:{id}", Auditor.Ok,
            string.Create(CultureInfo.InvariantCulture, $"v{outcome.Version} unsupported={outcome.Unsupported}")).ConfigureAwait(false);
        Flash = outcome.Unsupported == 0
            ? $"已保存为第 {outcome.Version} 版。"
            : $"已保存为第 {outcome.Version} 版；{outcome.Unsupported} 句含数字或引文但没有来源，已标注【无来源】。";
        return Redirect($"/reports/{id}");
    }

    /// <summary>The footnote text a fact shows on hover and in the list: its sources.</summary>
    public static string Note(Fact fact) => string.Join("；", fact.Sources.Select(s => s.Label + (s.Url is null ? string.Empty : " " + s.Url)));

    private async Task<bool> LoadAsync(long id, int? version, CancellationToken cancellationToken)
    {
        if (await Service.LoadAsync(id, version, cancellationToken).ConfigureAwait(false) is not { } loaded)
        {
            return false;
        }

        (Record, Version, Document) = loaded;
        Versions = await HttpContext.RequestServices.GetRequiredService<IReportStore>().ListVersionsAsync(id, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
