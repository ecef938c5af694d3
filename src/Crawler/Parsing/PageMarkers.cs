using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Recognises pages that stand in for content — captcha, login wall, block page, "deleted" notice — from marker
/// phrases (the source's own plus generic Chinese and English ones). Parsers consult it only when a page lacks the
/// content its selectors expect, so posts quoting these phrases never turn a good page into a failure.
/// </summary>
internal static class PageMarkers
{
    public static IReadOnlyList<string> GenericCaptcha { get; } =
    [
        "验证码", "安全验证", "滑动验证", "人机验证", "拖动滑块", "请完成验证", "请输入验证", "网络环境异常",
        "captcha", "verify you are human", "are you a robot", "security check", "unusual traffic",
        "just a moment", "checking your browser", "checking if the site connection is secure",
    ];

    public static IReadOnlyList<string> GenericLoginWall { get; } =
    [
        "请登录", "请先登录", "登录后查看", "登录后可见", "登录后才能", "登录后方可", "登录查看更多", "需要登录", "尚未登录",
        "登录后继续", "会员登录",
        "please log in", "please sign in", "sign in to continue", "log in to continue", "login required",
    ];

    public static IReadOnlyList<string> GenericBlock { get; } =
    [
        "访问过于频繁", "请求过于频繁", "操作过于频繁", "访问频率过快", "访问受限", "禁止访问", "访问被拒绝", "IP已被封",
        "您的IP", "access denied", "too many requests", "rate limit exceeded", "you have been blocked", "403 forbidden",
    ];

    public static IReadOnlyList<string> GenericDeleted { get; } =
    [
        "该帖已被删除", "该贴已被删除", "已被删除", "已被作者删除", "内容已删除", "帖子不存在", "主题不存在", "该微博不存在",
        "内容不存在", "文章不存在", "has been deleted", "has been removed", "no longer available", "post not found",
    ];

    /// <summary>
    /// The stand-in verdict <paramref name="pageText"/> shows, or null. Deletion is checked first on detail and recrawl pages
    /// (a deleted post is a fact to record, not a failure); list pages are never "deleted".
    /// </summary>
    public static (PageVerdict Verdict, string Reason)? Detect(SourceOptions source, PageRole role, string pageText)
    {
        if (string.IsNullOrEmpty(pageText))
        {
            return null;
        }

        var m = source.Markers;
        if (role != PageRole.List && Find(pageText, m.Deleted, m.UseGeneric ? GenericDeleted : []) is { } deleted)
        {
            return (PageVerdict.Deleted, $"deleted marker '{deleted}' found");
        }

        if (Find(pageText, m.Captcha, m.UseGeneric ? GenericCaptcha : []) is { } captcha)
        {
            return (PageVerdict.Captcha, $"captcha marker '{captcha}' found");
        }

        if (Find(pageText, m.LoginWall, m.UseGeneric ? GenericLoginWall : []) is { } login)
        {
            return (PageVerdict.LoginWall, $"login-wall marker '{login}' found");
        }

        if (Find(pageText, m.Block, m.UseGeneric ? GenericBlock : []) is { } block)
        {
            return (PageVerdict.BlockPage, $"block-page marker '{block}' found");
        }

        return null;
    }

    private static string? Find(string text, IReadOnlyList<string> own, IReadOnlyList<string> generic)
    {
        foreach (var marker in own)
        {
            if (marker.Length > 0 && text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return marker;
            }
        }

        foreach (var marker in generic)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return marker;
            }
        }

        return null;
    }
}
