using SentimentWatch.Core.Pages;

namespace SentimentWatch.Evidence;

/// <summary>What a fetched page is, as evidence.</summary>
internal enum CaptureVerdict
{
    Genuine,
    Captcha,
    LoginWall,
    /// <summary>"Content deleted" page or HTTP 410.</summary>
    Deleted,
    /// <summary>HTTP 404 or a soft 404 (200 with a "page not found" body).</summary>
    NotFound,
    RateLimited,
    ServerError,
    Empty,
    /// <summary>No page at all: timeout, network error, too many redirects, too large.</summary>
    FetchFailed,

    /// <summary>
    /// A page came, but its text could not be read within the parsing limits (nested deeper than any real page, or too
    /// slow to parse): whether it is a block page cannot be told, so it is kept as a failed capture, never as sound.
    /// </summary>
    Unreadable,
}

/// <summary>
/// Block pages are never evidence: captcha and challenges, login walls, rate limits, deleted pages, soft 404s (phrases
/// from Core's <see cref="StandInPageMarkers"/>, the table the crawler reads too). Keyword hits count only on short
/// pages (or in the title), because a genuine post may well talk about a 验证码 or a deleted thread.
/// </summary>
internal static class BlockPageDetector
{
    private const int ShortPage = 2500;

    public static bool IsRemoval(CaptureVerdict v) => v is CaptureVerdict.Deleted or CaptureVerdict.NotFound;

    public static bool IsRetryable(CaptureVerdict v) => v is CaptureVerdict.Captcha or CaptureVerdict.LoginWall or CaptureVerdict.RateLimited or CaptureVerdict.ServerError or CaptureVerdict.FetchFailed;

    public static (CaptureVerdict Verdict, string Reason) Classify(int status, Uri finalUrl, string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(finalUrl);
        var t = title ?? "";
        var shortPage = text.Length <= ShortPage;
        switch (status)
        {
            case 410:
                return (CaptureVerdict.Deleted, "HTTP 410 Gone");
            case 404:
                return (CaptureVerdict.NotFound, "HTTP 404");
            case 429:
                return (CaptureVerdict.RateLimited, "HTTP 429 Too Many Requests");
            case 401 or 403:
                return Hit(t, text, true, StandInPageMarkers.Captcha) is { } c ? (CaptureVerdict.Captcha, $"HTTP {status}, captcha ('{c}')") : (CaptureVerdict.LoginWall, $"HTTP {status} (access denied)");
            case >= 500:
                return (CaptureVerdict.ServerError, $"HTTP {status}");
            case < 200 or >= 300:
                return (CaptureVerdict.ServerError, $"HTTP {status} is not a page");
        }

        if (Hit(t, text, shortPage, StandInPageMarkers.Captcha) is { } captcha)
        {
            return (CaptureVerdict.Captcha, $"captcha page ('{captcha}')");
        }

        var path = finalUrl.AbsolutePath.ToLowerInvariant();
        if (StandInPageMarkers.LoginPaths.FirstOrDefault(p => path.Contains(p, StringComparison.Ordinal)) is { } lp)
        {
            return (CaptureVerdict.LoginWall, $"redirected to a login page ({lp})");
        }

        if (Hit(t, text, shortPage, StandInPageMarkers.LoginWall) is { } login)
        {
            return (CaptureVerdict.LoginWall, $"login wall ('{login}')");
        }

        if (Hit(t, text, shortPage, StandInPageMarkers.Blocked) is { } blocked)
        {
            return (CaptureVerdict.RateLimited, $"rate-limit or block page ('{blocked}')");
        }

        if (Hit(t, text, shortPage, StandInPageMarkers.Deleted) is { } deleted)
        {
            return (CaptureVerdict.Deleted, $"content-deleted page ('{deleted}')");
        }

        if (Hit(t, text, shortPage, StandInPageMarkers.NotFound) is { } notFound)
        {
            return (CaptureVerdict.NotFound, $"soft 404 ('{notFound}')");
        }

        return string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(t) ? (CaptureVerdict.Empty, "empty page") : (CaptureVerdict.Genuine, "genuine page");
    }

    private static string? Hit(string title, string text, bool includeText, IReadOnlyList<string> words) =>
        StandInPageMarkers.FirstIn(title, words) ?? (includeText ? StandInPageMarkers.FirstIn(text, words) : null);
}
