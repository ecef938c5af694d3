namespace SentimentWatch.Core.Pages;

/// <summary>
/// The one table of phrases that show a page stands in for content: captcha or challenge, login wall, block or rate
/// limit, deleted post, page not found. The crawler consults it when a page lacks the content its selectors expect;
/// evidence consults it before sealing a capture as genuine. Matching is case-insensitive substring; each stage
/// decides where it looks (the crawler on pages without content, evidence on short pages and titles), because a
/// genuine post may quote any of these phrases. Add a phrase here and both stages know it.
/// </summary>
public static class StandInPageMarkers
{
    /// <summary>Captchas and browser challenges (Cloudflare's "Just a moment..." answers HTTP 200).</summary>
    public static IReadOnlyList<string> Captcha { get; } =
    [
        "验证码", "安全验证", "滑动验证", "人机验证", "拖动滑块", "请完成验证", "请输入验证", "访问验证", "网络环境异常",
        "captcha", "geetest", "verify you are human", "are you a robot", "security check", "unusual traffic",
        "just a moment", "checking your browser", "checking if the site connection is secure",
    ];

    public static IReadOnlyList<string> LoginWall { get; } =
    [
        "请登录", "请先登录", "登录后查看", "登录后可见", "登录后才能", "登录后方可", "登录查看更多", "需要登录", "尚未登录",
        "登录后继续", "会员登录", "扫码登录",
        "please log in", "please sign in", "sign in to continue", "log in to continue", "login required",
    ];

    /// <summary>Rate limits and access blocks.</summary>
    public static IReadOnlyList<string> Blocked { get; } =
    [
        "访问过于频繁", "请求过于频繁", "操作过于频繁", "访问频率过快", "访问受限", "禁止访问", "访问被拒绝", "IP已被封",
        "您的IP", "access denied", "too many requests", "rate limit exceeded", "you have been blocked", "403 forbidden",
    ];

    public static IReadOnlyList<string> Deleted { get; } =
    [
        "该帖已被删除", "该贴已被删除", "已被删除", "已被作者删除", "已删除", "已被屏蔽", "内容已删除", "内容已失效", "帖子不存在",
        "主题不存在", "该微博不存在", "内容不存在", "文章不存在", "该帖已被", "无法查看",
        "has been deleted", "has been removed", "content has been removed", "this post was deleted", "no longer available", "post not found",
    ];

    /// <summary>Soft 404s: an HTTP 200 that says the page is not there.</summary>
    public static IReadOnlyList<string> NotFound { get; } =
    [
        "页面不存在", "找不到页面", "页面找不到", "您访问的页面", "页面已丢失", "404 not found", "page not found", "error 404",
    ];

    /// <summary>Path fragments of login pages a redirect may end on.</summary>
    public static IReadOnlyList<string> LoginPaths { get; } = ["/login", "/signin", "/passport", "/sign_in", "/account/login"];

    /// <summary>The first phrase of <paramref name="markers"/> that <paramref name="text"/> contains, or null.</summary>
    public static string? FirstIn(string? text, IReadOnlyList<string> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var marker in markers)
        {
            if (marker.Length > 0 && text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return marker;
            }
        }

        return null;
    }
}
