using Microsoft.AspNetCore.Http;
using SentimentWatch.Core.Accounts;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Audit;

/// <summary>Writes audit lines for a request: who (the signed-in account), from which address, what, and the outcome.</summary>
internal sealed class Auditor(IAuditLog log)
{
    public const string Ok = "ok";
    public const string Refused = "refused";
    public const string Failed = "failed";

    public Task RecordAsync(HttpContext http, string action, string target, string outcome, string detail = "") =>
        log.AppendAsync(
            http.User.Identity?.IsAuthenticated == true ? http.User.Name() : "-",
            http.Connection.RemoteIpAddress?.ToString() ?? "-",
            action, target, outcome, detail, CancellationToken.None);
}
