using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Hosting;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>
/// Base of every console page: the permission check each handler makes (the page's [Authorize] covers GET; each
/// state-changing handler names its own permission), and the audit line for it.
/// </summary>
public abstract class ConsolePage : PageModel
{
    private protected ConsoleOptions Options => HttpContext.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value;

    private protected Auditor Audit => HttpContext.RequestServices.GetRequiredService<Auditor>();

    /// <summary>Result message shown after a redirect (set by the handler that redirected).</summary>
    [TempData]
    public string? Flash { get; set; }

    /// <summary>The drill marker (【演练】) when this console serves an exercise, else empty.</summary>
    public string Exercise => HttpContext.RequestServices.GetRequiredService<IOptions<Core.Exercise.ExerciseOptions>>().Value.Marker;

    public bool Can(string permission) => PermissionHandler.Allows(Options, User, permission);

    /// <summary>Null when the user holds <paramref name="permission"/>; else audits the refusal and returns 403.</summary>
    private protected async Task<IActionResult?> RequireAsync(string permission, string target)
    {
        if (Can(permission))
        {
            return null;
        }

        await Audit.RecordAsync(HttpContext, "denied", target, Auditor.Refused, "needs " + permission).ConfigureAwait(false);
        return StatusCode(403);
    }
}
