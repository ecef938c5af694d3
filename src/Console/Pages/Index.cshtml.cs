using Microsoft.AspNetCore.Authorization;

namespace SentimentWatch.DutyConsole.Pages;

[Authorize(Policy = Security.Permissions.QueueView)]
public sealed class IndexModel : ConsolePage
{
    public void OnGet()
    {
    }
}
