using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using SentimentWatch.DutyConsole.Audit;

namespace SentimentWatch.DutyConsole.Pages;

public sealed class LogoutModel : ConsolePage
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await Audit.RecordAsync(HttpContext, "logout", User.Identity?.Name ?? "-", Auditor.Ok).ConfigureAwait(false);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        return Redirect("/login");
    }
}
