using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

public sealed class LoginModel : ConsolePage
{
    public string? Error { get; private set; }

    public string? Name { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        Name = name;
        ReturnUrl = returnUrl;
        var accounts = HttpContext.RequestServices.GetRequiredService<AccountService>();
        var (outcome, account) = await accounts.CheckAsync(name ?? string.Empty, password ?? string.Empty, cancellationToken).ConfigureAwait(false);
        if (outcome != SignInOutcome.Ok || account is null)
        {
            await Audit.RecordAsync(HttpContext, "login", name ?? string.Empty, Auditor.Failed, outcome.ToString().ToLowerInvariant()).ConfigureAwait(false);
            Error = outcome switch
            {
                SignInOutcome.Locked => "账号因多次密码错误已锁定，请稍后再试或联系管理员。",
                SignInOutcome.Disabled => "账号已停用，请联系管理员。",
                _ => "账号或密码错误。",
            };
            Response.StatusCode = 401;
            return Page();
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.Name),
            new Claim(ClaimTypes.GivenName, account.DisplayName),
            new Claim(ClaimTypes.Role, account.Role),
            new Claim(SessionClaims.Stamp, account.SecurityStamp),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        HttpContext.User = new ClaimsPrincipal(identity);
        await Audit.RecordAsync(HttpContext, "login", account.Name, Auditor.Ok, account.Role).ConfigureAwait(false);
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
