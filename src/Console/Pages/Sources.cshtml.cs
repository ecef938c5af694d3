using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.DutyConsole.Queue;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>采集状态: per source the last run, status, items, failures with URL and reason, dark sources, health events.</summary>
[Authorize(Policy = Permissions.SourcesView)]
public sealed class SourcesModel : ConsolePage
{
    public IReadOnlyList<SourceState> States { get; private set; } = [];

    public bool Available { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var reader = HttpContext.RequestServices.GetRequiredService<SourceStatusReader>();
        Available = reader.Available;
        States = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
    }
}
