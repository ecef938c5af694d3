using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using SentimentWatch.DutyConsole.Audit;

namespace SentimentWatch.DutyConsole.Security;

/// <summary>Headers on every response: a CSP that allows no inline script, no framing, no sniffing, no referrer; HSTS over HTTPS.</summary>
internal static class SecurityHeaders
{
    public const string Csp =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task ApplyAsync(HttpContext http, Func<Task> next)
    {
        var h = http.Response.Headers;
        h.ContentSecurityPolicy = Csp;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        h.CacheControl = "no-cache, no-store";
        h.Pragma = "no-cache";
        if (http.Request.IsHttps)
        {
            // Over HTTPS the browser is told to use nothing else for this host for a year (the session cookie is Secure there too).
            h.StrictTransportSecurity = "max-age=31536000";
        }

        return next();
    }
}

/// <summary>
/// Every state-changing request (anything but GET/HEAD/OPTIONS) must carry a valid antiforgery token bound to the
/// session that sends it; a refusal is audited and answered 400 before any page code runs.
/// </summary>
internal sealed class AntiforgeryGate(IAntiforgery antiforgery, Auditor auditor)
{
    public async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            await next().ConfigureAwait(false);
            return;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            await auditor.RecordAsync(http, "antiforgery", http.Request.Path + http.Request.QueryString, Auditor.Refused, "missing or invalid antiforgery token").ConfigureAwait(false);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("请求无效：缺少或错误的防伪令牌（请刷新页面后重试）。").ConfigureAwait(false);
            return;
        }

        await next().ConfigureAwait(false);
    }
}

/// <summary>Audits every request the authorisation policies refuse (a role without the right, no session).</summary>
internal sealed class AuditingAuthorizationResultHandler(Auditor auditor) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var wanted = string.Join(",", policy.Requirements.OfType<PermissionRequirement>().Select(r => r.Permission));
            await auditor.RecordAsync(context, "denied", context.Request.Method + " " + context.Request.Path, Auditor.Refused, "needs " + wanted).ConfigureAwait(false);
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
