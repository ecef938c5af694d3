using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SentimentWatch.Core.Time;
using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>
/// A news portal: <c>/news/?page=N</c> column list, <c>/a/{yyyyMMdd}/{id}.html</c> articles ("2024年9月14日 10:00"),
/// <c>/api/comments?newsid=..&amp;page=N</c> comments as JSON (Unix epoch times), <c>/search?q=..&amp;page=N</c>.
/// A deleted article answers 410; a deleted comment disappears.
/// </summary>
internal sealed class NewsSite : ISiteRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string SiteName = "法治观察网";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public DrillSite Site => DrillSite.News;

    public string Robots => "User-agent: *\nDisallow: /private/\nDisallow: /user/\nAllow: /\n";

    /// <summary>Article path from its publication date (Beijing) and id.</summary>
    public static string ArticlePath(PostNode root, ScenarioClock clock) =>
        string.Create(Inv, $"/a/{ChinaTime.ToBeijing(clock.RealTimeOf(root.Post.At)):yyyyMMdd}/{root.PlatformId}.html");

    public SiteResponse? Render(RenderContext c)
    {
        if (c.Path is "/" or "/news/" or "/news")
        {
            return List(c);
        }

        if (c.Path == "/api/comments")
        {
            return Comments(c);
        }

        if (c.Path == "/search")
        {
            return Search(c);
        }

        var parts = c.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["a", var day, var file] && file.EndsWith(".html", StringComparison.Ordinal)
            && long.TryParse(file.AsSpan(0, file.Length - 5), NumberStyles.None, Inv, out var id))
        {
            return Article(c, day, id);
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse List(RenderContext c)
    {
        var page = Math.Max(1, c.Int("page", 1));
        var size = c.Sizes.NewsArticles;
        var all = c.View.ByPublication;
        var items = c.PageOf(all, page, size);
        var sb = new StringBuilder("<div class=\"column-head\"><h2>法治 · 滚动新闻</h2></div><ul class=\"news-list\">");
        foreach (var r in items)
        {
            sb.Append(Inv, $"<li class=\"news-item\" data-id=\"{r.PlatformId}\"><h3><a class=\"news-title title\" href=\"{ArticlePath(r, c.Model.Clock)}\" target=\"_blank\">{Html.Escape(r.TitleAt(c.T))}</a></h3>");
            sb.Append(Inv, $"<p class=\"news-summary summary\">{Html.Escape(Html.Abstract(r.TextAt(c.T), 80))}</p><span class=\"news-source\">{Html.Escape(r.Post.Source ?? SiteName)}</span><span class=\"news-time time\">{TimeFormats.News(c.TimeOf(r))}</span>");
            sb.Append(Inv, $"<span class=\"news-comments\"><a class=\"comment-count\" href=\"{ArticlePath(r, c.Model.Clock)}#comments\">{c.View.ReplyCount(r)}</a></span></li>");
        }

        sb.Append("</ul>").Append(Pager(c, all.Count, page, size, p => $"/news/?page={p}"));
        return Page(SiteName + " - 法治新闻", sb.ToString());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse? Article(RenderContext c, string day, long id)
    {
        var root = c.Model.RootById(id);
        if (root is null || !root.Appeared(c.T) || ArticlePath(root, c.Model.Clock) != $"/a/{day}/{id}.html")
        {
            return null;
        }

        if (root.Deleted(c.T))
        {
            return SiteResponse.Html(PageHtml("页面已删除 - " + SiteName, "<div class=\"error-page\"><h1>410</h1><p>抱歉，该文章已被删除或撤稿。</p><a href=\"/news/\">返回首页</a></div>"), 410) with { Cacheable = false };
        }

        var (_, likes, views) = root.EngagementAt(c.T);
        var path = ArticlePath(root, c.Model.Clock);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<article class=\"article\" id=\"article\" data-newsid=\"{id}\"><h1 class=\"article-title\">{Html.Escape(root.TitleAt(c.T))}</h1>");
        sb.Append(Inv, $"<div class=\"article-meta\"><span class=\"source\">来源：{Html.Escape(root.Post.Source ?? SiteName)}</span><span class=\"author\">作者：{Html.Escape(root.Post.Author.Name)}</span><span class=\"pubtime time\" id=\"pubtime\">{TimeFormats.News(c.TimeOf(root))}</span>");
        sb.Append(Inv, $"<span class=\"views\">阅读 <em>{views}</em></span><span class=\"likes\">点赞 <em>{likes}</em></span></div>");
        if (root.EditedAt(c.T) is { } edited)
        {
            sb.Append(Inv, $"<p class=\"article-update\">（更新于 {TimeFormats.News(c.TimeOf(edited))}）</p>");
        }

        sb.Append("<div class=\"article-content\" id=\"artibody\">");
        foreach (var para in root.TextAt(c.T).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append("<p>").Append(Html.Escape(para.Trim())).Append("</p>");
        }

        sb.Append("</div></article>");

        // The first comment pages are rendered into the article (?cpage=N); the same comments are in /api/comments as JSON.
        var all = c.View.Descendants(root).OrderByDescending(n => n.Post.At).ThenByDescending(n => n.Order).ToList();
        var size = c.Sizes.NewsComments;
        var cpage = Math.Max(1, c.Int("cpage", 1));
        var comments = c.PageOf(all, cpage, size);
        // As on the real portals, the comment widget is built by script from an id the page sets; the box names no API.
        sb.Append(Inv, $"<script>var ARTICLE_CONFIG = {{\"docId\": \"{id}\", \"channel\": \"legal\", \"commentApi\": \"/api/comments\"}};</script>");
        sb.Append(Inv, $"<div id=\"comments\" class=\"comment-box\"><h3>网友评论 <span class=\"comment-count comment-total\">{all.Count}</span> 条</h3><div class=\"comment-list\">");
        foreach (var n in comments)
        {
            var (_, clikes, _) = n.EngagementAt(c.T);
            var replyTo = n.Parent is { IsRoot: false } p ? p.PlatformId.ToString(Inv) : "";
            sb.Append(Inv, $"<div class=\"comment-item\" id=\"comment-{n.PlatformId}\" data-id=\"{n.PlatformId}\" data-reply-to=\"{replyTo}\" data-user-id=\"{Ids.User(n.Post.Author.Id)}\">");
            sb.Append(Inv, $"<span class=\"comment-user\">{Html.Escape(n.Post.Author.Name)}</span><span class=\"comment-time\" data-timestamp=\"{TimeFormats.Epoch(c.TimeOf(n))}\">{TimeFormats.News(c.TimeOf(n))}</span>");
            if (n.Parent is { IsRoot: false } q)
            {
                sb.Append(Inv, $"<span class=\"comment-reply-to\">回复 {Html.Escape(q.Post.Author.Name)}</span>");
            }

            sb.Append(Inv, $"<p class=\"comment-content\">{Html.Text(n.TextAt(c.T))}</p><span class=\"comment-likes\">{clikes}</span></div>");
        }

        sb.Append("</div><div class=\"comment-pager\">");
        if (!c.Control.EmptyLists && cpage > 1)
        {
            sb.Append(Inv, $"<a class=\"prev\" href=\"{path}?cpage={cpage - 1}\">上一页</a>");
        }

        if (!c.Control.EmptyLists && (long)cpage * size < all.Count)
        {
            sb.Append(Inv, $"<a class=\"next\" href=\"{path}?cpage={cpage + 1}\">下一页</a>");
        }

        sb.Append("</div></div>");
        var head = $"<link rel=\"canonical\" href=\"{new Uri(c.BaseUri, path)}\"><meta name=\"article-id\" content=\"{id}\">";
        return SiteResponse.Html(PageHtml(Html.Escape(root.TitleAt(c.T)) + " - " + SiteName, sb.ToString(), head));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Comments(RenderContext c)
    {
        var id = c.Long("newsid") ?? -1;
        var root = c.Model.RootById(id);
        if (root is null || !root.Appeared(c.T))
        {
            return Json(new JsonObject { ["code"] = 404, ["msg"] = "新闻不存在" }, 404);
        }

        if (root.Deleted(c.T))
        {
            return Json(new JsonObject { ["code"] = 410, ["msg"] = "新闻已删除" }, 410);
        }

        var all = c.View.Descendants(root).OrderByDescending(n => n.Post.At).ThenByDescending(n => n.Order).ToList();
        var size = Math.Clamp(c.Int("pagesize", c.Sizes.NewsComments), 1, 100);
        var page = Math.Max(1, c.Int("page", 1));
        var items = c.PageOf(all, page, size);
        var arr = new JsonArray();
        foreach (var n in items)
        {
            var (_, likes, _) = n.EngagementAt(c.T);
            arr.Add(new JsonObject
            {
                ["id"] = n.PlatformId,
                ["newsid"] = id,
                ["content"] = n.TextAt(c.T),
                ["nick"] = n.Post.Author.Name,
                ["uid"] = Ids.User(n.Post.Author.Id),
                ["time"] = TimeFormats.Epoch(c.TimeOf(n)),
                ["like"] = likes,
                ["reply_to"] = n.Parent is { IsRoot: false } p ? p.PlatformId : null,
                ["reply_nick"] = n.Parent is { IsRoot: false } q ? q.Post.Author.Name : null,
                ["area"] = "福建",
            });
        }

        return Jsonp(c, new JsonObject
        {
            ["code"] = 0,
            ["msg"] = "success",
            ["data"] = new JsonObject
            {
                ["newsid"] = id,
                ["total"] = all.Count,
                ["page"] = page,
                ["page_size"] = size,
                ["has_more"] = !c.Control.EmptyLists && page * size < all.Count,
                ["comments"] = arr,
            },
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Search(RenderContext c)
    {
        var q = c.Q("q") ?? "";
        var page = Math.Max(1, c.Int("page", 1));
        var size = c.Sizes.SearchResults;
        var hits = c.View.ByPublication.Where(r => RenderContext.Matches(r, r.TitleAt(c.T), r.TextAt(c.T), q)).ToList();
        var items = c.PageOf(hits, page, size);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<div class=\"search-head\">找到 <em class=\"result-count\">{hits.Count}</em> 条与“{Html.Escape(q)}”相关的结果</div><ul class=\"search-results\">");
        foreach (var r in items)
        {
            sb.Append(Inv, $"<li class=\"result\"><h3><a class=\"result-title\" href=\"{ArticlePath(r, c.Model.Clock)}\">{Html.Escape(r.TitleAt(c.T))}</a></h3><p class=\"result-summary\">{Html.Escape(Html.Abstract(r.TextAt(c.T), 100))}</p><span class=\"result-time\">{TimeFormats.News(c.TimeOf(r))}</span></li>");
        }

        sb.Append("</ul>").Append(Pager(c, hits.Count, page, size, p => $"/search?q={Uri.EscapeDataString(q)}&amp;page={p}"));
        return Page("搜索：" + Html.Escape(q) + " - " + SiteName, sb.ToString());
    }

    private static string Pager(RenderContext c, int count, int page, int size, Func<int, string> href)
    {
        var pages = Math.Max(1, (count + size - 1) / size);
        var sb = new StringBuilder("<div class=\"pagination\">");
        if (!c.Control.EmptyLists)
        {
            if (page > 1)
            {
                sb.Append(Inv, $"<a class=\"prev\" href=\"{href(page - 1)}\">上一页</a>");
            }

            sb.Append(Inv, $"<span class=\"page-info\">第 {page} / {pages} 页</span>");
            if (page < pages)
            {
                sb.Append(Inv, $"<a class=\"next\" href=\"{href(page + 1)}\">下一页</a>");
            }
        }

        return sb.Append("</div>").ToString();
    }

    /// <summary>JSON, or JSONP when the request names a <c>callback</c> (as the portals' comment widgets ask).</summary>
    private static SiteResponse Jsonp(RenderContext c, JsonObject o) =>
        c.Q("callback") is { Length: > 0 } cb && cb.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '$' or '.')
            ? new SiteResponse(200, "application/javascript; charset=utf-8", Encoding.UTF8.GetBytes(cb + "(" + o.ToJsonString(JsonOptions) + ");"))
            : Json(o);

    private static SiteResponse Json(JsonObject o, int status = 200) => SiteResponse.Json(o.ToJsonString(JsonOptions), status) with { Cacheable = status == 200 };

    public SiteResponse Captcha(RenderContext context) => SiteResponse.Html(PageHtml("安全验证 - " + SiteName,
        "<div class=\"captcha-wrap\"><h2>请完成安全验证</h2><p>检测到您的网络环境存在异常访问，请拖动滑块完成拼图后继续浏览。</p><div id=\"nc_slider\" class=\"nc-container\"><span class=\"nc_iconfont btn_slide\">&gt;&gt;</span><span class=\"nc-lang-cnt\">请按住滑块，拖动到最右边</span></div></div>"));

    public SiteResponse LoginWall(RenderContext context) => context.Path == "/api/comments"
        ? Json(new JsonObject { ["code"] = 401, ["msg"] = "请先登录后查看评论" }) with { Cacheable = false }
        : SiteResponse.Html(PageHtml("登录 - " + SiteName,
            "<div class=\"login-box\"><h2>登录后继续阅读</h2><form action=\"/user/login\" method=\"post\"><input name=\"mobile\" placeholder=\"手机号\"><input name=\"code\" placeholder=\"验证码\"><button type=\"submit\">登录</button></form></div>"));

    private static SiteResponse Page(string title, string body) => SiteResponse.Html(PageHtml(title, body));

    private static string PageHtml(string title, string body, string head = "") =>
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + title + "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" + head + "</head>"
        + "<body><header class=\"site-header\"><a class=\"logo\" href=\"/\">" + SiteName + "</a><form class=\"search\" action=\"/search\"><input name=\"q\"></form></header><main class=\"container\">"
        + body + "</main><footer class=\"site-footer\">© " + SiteName + "</footer></body></html>";
}
