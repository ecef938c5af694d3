using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.Office.Evaluation;

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

        await Audit.RecordAsync(HttpContext, "view_evaluation", "evaluation:" + which + (name is null ? string.Empty : ":" + name), Auditor.Ok).ConfigureAwait(false);
        return Page();
    }
}
