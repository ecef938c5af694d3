using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SentimentWatch.Benchmarks.DutyConsole;

/// <summary>
/// The README's picture of the queue, from the demo data: runs <c>./sw demo --linger 600</c>, reads the console URL and
/// the 研判员 password it prints, waits until the scenario has played, signs in with Debian Chromium and saves the queue
/// at 1280×900. Args: [FILE] (default docs/images/console-queue.png).
/// </summary>
internal sealed partial class ConsoleScreenshot : IBenchmark
{
    public string Name => "console-screenshot";

    public string Description => "console-screenshot: the queue of ./sw demo, as docs/images/console-queue.png";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("docs", "images", "console-queue.png"));
        using var demo = ConsoleBenchmark.StartSw(["demo", "--linger", "600"], out var output);
        try
        {
            var clock = Stopwatch.StartNew();
            Match url = Match.Empty, password = Match.Empty;
            var played = false;
            while (!played && clock.Elapsed < TimeSpan.FromMinutes(20))
            {
                if (demo.HasExited)
                {
                    throw new InvalidOperationException("sw demo exited: " + output);
                }

                await Task.Delay(2000, cancellationToken).ConfigureAwait(false);
                string text;
                lock (output)
                {
                    text = output.ToString();
                }

                url = ConsoleUrl().Match(text);
                password = CommentatorPassword().Match(text);
                var minutes = ScenarioMinutes().Match(text);
                played = url.Success && password.Success && minutes.Success
                    && ProgressMinutes().Matches(text).Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max()
                        >= double.Parse(minutes.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!played)
            {
                throw new TimeoutException("the demo did not finish its scenario within 20 minutes: " + output);
            }

            using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ConsoleBenchmark.Chromium, Headless = true, Args = ["--no-sandbox"] }).ConfigureAwait(false);
            var page = await ConsoleBenchmark.SignInAsync(browser, new Uri(url.Groups[1].Value), "yanpan", password.Groups[1].Value).ConfigureAwait(false);
            await page.SetViewportSizeAsync(1280, 900).ConfigureAwait(false);
            // The script selects a row and scrolls it into view; the picture shows the top of the page (counts, filters, first rows).
            await page.EvaluateAsync("() => window.scrollTo(0, 0)").ConfigureAwait(false);
            await page.ScreenshotAsync(new() { Path = file }).ConfigureAwait(false);
            Console.WriteLine($"queue of the demo ({await page.Locator("#queue > li.row").CountAsync().ConfigureAwait(false)} rows shown, {await page.InnerTextAsync("#open-total").ConfigureAwait(false)} open) saved to {file}");
        }
        finally
        {
            demo.Kill(entireProcessTree: true);
            await demo.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return 0;
    }

    [GeneratedRegex(@"Duty console: (http://\S+/)")]
    private static partial Regex ConsoleUrl();

    [GeneratedRegex(@"研判员\s+yanpan\s+password (\S+)")]
    private static partial Regex CommentatorPassword();

    [GeneratedRegex(@"over ([0-9.]+) scenario minutes")]
    private static partial Regex ScenarioMinutes();

    [GeneratedRegex(@"scenario ([0-9.]+) min\]")]
    private static partial Regex ProgressMinutes();
}
