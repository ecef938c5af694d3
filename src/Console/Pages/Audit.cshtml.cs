using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Accounts;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>审计日志 (administrators): the newest lines and the chain check, as <c>sw audit list|verify</c> print them.</summary>
[Authorize(Policy = Permissions.AuditView)]
public sealed class AuditModel : ConsolePage
{
    public const int Lines = 300;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public AuditVerification Verification { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var log = HttpContext.RequestServices.GetRequiredService<IAuditLog>();
        Verification = await log.VerifyAsync(cancellationToken).ConfigureAwait(false);
        Entries = await log.ListAsync(Lines, cancellationToken).ConfigureAwait(false);
    }
}
