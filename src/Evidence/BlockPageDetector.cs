namespace SentimentWatch.Evidence;

/// <summary>What a fetched page is, as evidence.</summary>
internal enum PageVerdict
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
}

/// <summary>
/// Block pages are never evidence: captcha, login walls, deleted pages, soft 404s. Keyword hits count only on short
/// pages (or in the title), because a genuine post may well talk about a 验证码 or a deleted thread.
/// </summary>
internal static class BlockPageDetector
{
    private const int ShortPage = 2500;

    private static readonly string[] Captcha = ["验证码", "人机验证", "安全验证", "滑动验证", "请完成验证", "访问验证", "captcha", "geetest", "are you a robot", "unusual traffic", "verify you are human"];
    private static readonly string[] Login = ["请登录", "请先登录", "登录后查看", "登录后才能", "登录后可见", "登录后继续", "扫码登录", "sign in to continue", "log in to continue", "login required"];
    private static readonly string[] Deleted = ["已被删除", "已删除", "已被作者删除", "已被屏蔽", "内容已失效", "帖子不存在", "内容不存在", "该帖已被", "无法查看", "content has been removed", "this post was deleted", "post has been deleted"];
    private static readonly string[] NotFound = ["页面不存在", "找不到页面", "页面找不到", "您访问的页面", "404 not found", "page not found", "页面已丢失", "error 404"];
    private static readonly string[] LoginPaths = ["/login", "/signin", "/passport", "/sign_in", "/account/login"];

    public static bool IsRemoval(PageVerdict v) => v is PageVerdict.Deleted or PageVerdict.NotFound;

    public static bool IsRetryable(PageVerdict v) => v is PageVerdict.Captcha or PageVerdict.LoginWall or PageVerdict.RateLimited or PageVerdict.ServerError or PageVerdict.FetchFailed;

    public static (PageVerdict Verdict, string Reason) Classify(int status, Uri finalUrl, string? title, string text)
    {
        ArgumentNullException.ThrowIfNull(finalUrl);
        var t = title ?? "";
        var shortPage = text.Length <= ShortPage;
        switch (status)
        {
            case 410:
                return (PageVerdict.Deleted, "HTTP 410 Gone");
            case 404:
                return (PageVerdict.NotFound, "HTTP 404");
            case 429:
                return (PageVerdict.RateLimited, "HTTP 429 Too Many Requests");
            case 401 or 403:
                return Hit(t, text, true, Captcha) is { } c ? (PageVerdict.Captcha, $"HTTP {status}, captcha ('{c}')") : (PageVerdict.LoginWall, $"HTTP {status} (access denied)");
            case >= 500:
                return (PageVerdict.ServerError, $"HTTP {status}");
            case < 200 or >= 300:
                return (PageVerdict.ServerError, $"HTTP {status} is not a page");
        }

        if (Hit(t, text, shortPage, Captcha) is { } captcha)
        {
            return (PageVerdict.Captcha, $"captcha page ('{captcha}')");
        }

        var path = finalUrl.AbsolutePath.ToLowerInvariant();
        if (LoginPaths.FirstOrDefault(p => path.Contains(p, StringComparison.Ordinal)) is { } lp)
        {
            return (PageVerdict.LoginWall, $"redirected to a login page ({lp})");
        }

        if (Hit(t, text, shortPage, Login) is { } login)
        {
            return (PageVerdict.LoginWall, $"login wall ('{login}')");
        }

        if (Hit(t, text, shortPage, Deleted) is { } deleted)
        {
            return (PageVerdict.Deleted, $"content-deleted page ('{deleted}')");
        }

        if (Hit(t, text, shortPage, NotFound) is { } notFound)
        {
            return (PageVerdict.NotFound, $"soft 404 ('{notFound}')");
        }

        return string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(t) ? (PageVerdict.Empty, "empty page") : (PageVerdict.Genuine, "genuine page");
    }

    private static string? Hit(string title, string text, bool includeText, string[] words) =>
        words.FirstOrDefault(w => title.Contains(w, StringComparison.OrdinalIgnoreCase) || (includeText && text.Contains(w, StringComparison.OrdinalIgnoreCase)));
}
