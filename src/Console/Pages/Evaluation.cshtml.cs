using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>总结评估: an incident's timeline against the plan's targets (late steps flagged with who held them), or a whole sitting.</summary>
[Authorize(Policy = Permissions.EvaluationView)]
public sealed class EvaluationModel : ConsolePage
{
    public OfficeDocument? Document { get; private set; }

    public IReadOnlyList<string> Sittings { get; private set; } = [];

    public string? Sitting { get; private set; }

    public async Task<IActionResult> OnGetAsync(string which, string? name, CancellationToken cancellationToken)
    {
        if (await LoadAsync(which, name, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            return missing;
        }

        await Audit.RecordAsync(HttpContext, "view_evaluation", "evaluation:" + which + (name is null ? string.Empty : ":" + name), Auditor.Ok).ConfigureAwait(false);
        return Page();
    }

    /// <summary>The evaluation as DOCX or PDF through the reports' writers (formal layout, footnotes, appendix of sources).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string which, string? name, string? format, CancellationToken cancellationToken)
    {
        if (await LoadAsync(which, name, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            return missing;
        }

        var reports = HttpContext.RequestServices.GetRequiredService<ReportService>();
        var document = await reports.EvaluationAsync(Document!, cancellationToken).ConfigureAwait(false);
        var (bytes, type) = format switch
        {
            "docx" => (reports.Docx(document), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "pdf" => (reports.Pdf(document), "application/pdf"),
            _ => (null, null),
        };
        if (bytes is null)
        {
            return BadRequest();
        }

        await Audit.RecordAsync(HttpContext, "evaluation_download", "evaluation:" + which + (name is null ? string.Empty : ":" + name), Auditor.Ok, format!).ConfigureAwait(false);
        return File(bytes, type!, ReportService.FileName(document, format!));
    }

    private async Task<IActionResult?> LoadAsync(string which, string? name, CancellationToken cancellationToken)
    {
        var reader = HttpContext.RequestServices.GetRequiredService<EvaluationReader>();
        Sittings = reader.Sittings.Select(s => s.Name).ToList();
        if (which == "sitting")
        {
            Sitting = name;
            Document = await reader.SittingAsync(name, cancellationToken).ConfigureAwait(false);
        }
        else if (long.TryParse(which, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            if (await reader.EvaluateAsync(id, cancellationToken).ConfigureAwait(false) is not { } evaluation)
            {
                return NotFound();
            }

            Document = EvaluationDocuments.Incident(evaluation);
        }
        else
        {
            return NotFound();
        }

        return null;
    }
}
