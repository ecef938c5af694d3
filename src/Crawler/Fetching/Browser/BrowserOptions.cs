using Microsoft.Extensions.Options;
using SentimentWatch.Core.Browser;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Fetching.Browser;

/// <summary>The browser that renders <c>Fetch: Browser</c> sources (section <c>Crawler:Browser</c>).</summary>
public sealed class BrowserOptions
{
    public const string Section = "Crawler:Browser";

    /// <summary>Debian's <c>chromium</c>. Without it a browser source fails each run saying so; HTTP sources are unaffected.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>Chromium's own sandbox: <c>Auto</c> (as root through a user namespace) or <c>Off</c> (docs/security.md).</summary>
    public BrowserSandbox Sandbox { get; set; } = BrowserSandbox.Auto;

    /// <summary>User id Chromium has inside its user namespace when the worker runs as root.</summary>
    public int SandboxUserId { get; set; } = 1000;

    /// <summary>util-linux <c>unshare</c>, used to give Chromium a user namespace when the worker runs as root.</summary>
    public string UnsharePath { get; set; } = "/usr/bin/unshare";

    /// <summary>Pages open at once across all browser sources (each source renders one page at a time).</summary>
    public int MaxOpenPages { get; set; } = 2;

    /// <summary>Time for the page's document to load.</summary>
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time for the page to settle after loading: its content selector or first captured answer appears, its requests end.</summary>
    public TimeSpan SettleTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time one round of steps (scroll, click "more") may take to load something new before the page is taken as complete.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests one page may make (each fetched by the crawler under robots.txt, politeness and the outbound policy).</summary>
    public int MaxRequestsPerPage { get; set; } = 200;

    public int ViewportWidth { get; set; } = 1280;

    public int ViewportHeight { get; set; } = 900;
}

internal sealed class BrowserOptionsValidator : IValidateOptions<BrowserOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserOptions options)
    {
        const string S = BrowserOptions.Section;
        var errors = new ConfigErrors();
        if (string.IsNullOrWhiteSpace(options.ChromiumPath))
        {
            errors.Add($"{S}:ChromiumPath", options.ChromiumPath, "must name the browser executable");
        }

        errors.Between($"{S}:MaxOpenPages", options.MaxOpenPages, 1, 64);

        foreach (var (key, value) in new[] { ("LoadTimeout", options.LoadTimeout), ("SettleTimeout", options.SettleTimeout), ("StepTimeout", options.StepTimeout) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromMinutes(10))
            {
                errors.Add($"{S}:{key}", value, "must be between 00:00:00.001 and 00:10:00");
            }
        }

        errors.Between($"{S}:MaxRequestsPerPage", options.MaxRequestsPerPage, 1, 10_000);

        if (options.ViewportWidth is < 200 or > 10_000 || options.ViewportHeight is < 200 or > 10_000)
        {
            errors.Add($"{S}:ViewportWidth", $"{options.ViewportWidth}x{options.ViewportHeight}", "width and height must be between 200 and 10000");
        }

        return errors.ToResult();
    }
}
