using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>
/// A Weibo-mobile-style JSON API (m.weibo.cn shapes): <c>/api/container/getIndex</c> timelines and search,
/// <c>/statuses/show</c>, <c>/statuses/extend</c> (long text), <c>/comments/hotflow</c>, and the <c>/status/{bid}</c> page.
/// </summary>
internal sealed partial class WeiboSite : ISiteRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Microblogs longer than this are cut in timelines, with <c>isLongText</c> and a 全文 link, as Weibo does.</summary>
    public const int LongTextLimit = 140;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public DrillSite Site => DrillSite.Weibo;

    public string Robots => "User-agent: *\nDisallow: /private/\nDisallow: /api/config\n";

    public SiteResponse? Render(RenderContext c) => c.Path switch
    {
        "/api/container/getIndex" => Container(c),
        "/statuses/show" => Show(c),
        "/statuses/extend" => Extend(c),
        "/comments/hotflow" => Comments(c),
        _ when c.Path.StartsWith("/status/", StringComparison.Ordinal) => StatusPage(c, c.Path["/status/".Length..]),
        _ when c.Path.StartsWith("/detail/", StringComparison.Ordinal) => StatusPage(c, c.Path["/detail/".Length..]),
        _ => null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Container(RenderContext c)
    {
        var containerId = c.Q("containerid") ?? "";
        var page = Math.Max(1, c.Int("page", 1));
        IReadOnlyList<PostNode>? list = null;
        if (containerId == "102803")
        {
            list = c.View.ByPublication;
        }
        else if (containerId.StartsWith("107603", StringComparison.Ordinal) && long.TryParse(containerId.AsSpan(6), NumberStyles.None, Inv, out var uid))
        {
            list = c.View.ByPublication.Where(r => Ids.User(r.Post.Author.Id) == uid).ToList();
        }
        else if ((containerId.StartsWith("100103", StringComparison.Ordinal) || containerId.StartsWith("231522", StringComparison.Ordinal))
            && System.Web.HttpUtility.ParseQueryString(containerId[6..]) is var q && q["q"] is { Length: > 0 } kw)
        {
            var term = kw.Trim();
            list = c.View.ByPublication.Where(r => RenderContext.Matches(r, "", r.TextAt(c.T), term)).ToList();
        }

        if (list is null)
        {
            return Json(new JsonObject { ["ok"] = 0, ["msg"] = "这里还没有内容", ["data"] = new JsonObject { ["cards"] = new JsonArray() } });
        }

        var size = c.Sizes.WeiboCards;
        var items = c.PageOf(list, page, size);
        if (items.Count == 0)
        {
            // Past the end (or an emptied timeline) Weibo answers ok:0 with an empty card list.
            return Json(new JsonObject { ["ok"] = 0, ["msg"] = "这里还没有内容", ["data"] = new JsonObject { ["cards"] = new JsonArray() } });
        }

        var cards = new JsonArray();
        foreach (var r in items)
        {
            var bid = Ids.Bid(r.PlatformId);
            cards.Add(new JsonObject
            {
                ["card_type"] = 9,
                ["itemid"] = $"{containerId}_-_{r.PlatformId}",
                ["scheme"] = $"/status/{bid}?mblogid={bid}",
                ["mblog"] = Mblog(c, r, truncate: true),
            });
        }

        var more = page * size < list.Count;
        return Json(new JsonObject
        {
            ["ok"] = 1,
            ["data"] = new JsonObject
            {
                ["cardlistInfo"] = new JsonObject
                {
                    ["containerid"] = containerId,
                    ["v_p"] = 42,
                    ["show_style"] = 1,
                    ["total"] = list.Count,
                    ["page"] = more ? page + 1 : null,
                },
                ["cards"] = cards,
                ["scheme"] = "",
                ["showAppTips"] = 0,
            },
        });
    }

    private static PostNode? FindRoot(RenderContext c, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        if (long.TryParse(id, NumberStyles.None, Inv, out var mid) && c.Model.RootById(mid) is { } byMid)
        {
            return byMid;
        }

        return c.Model.AllRoots.FirstOrDefault(r => Ids.Bid(r.PlatformId) == id);
    }

    private static SiteResponse? Show(RenderContext c)
    {
        var root = FindRoot(c, c.Q("id"));
        if (root is null || !root.Appeared(c.T))
        {
            return Json(new JsonObject { ["ok"] = 0, ["errno"] = "20003", ["msg"] = "该微博不存在" });
        }

        if (root.Deleted(c.T))
        {
            return Deleted();
        }

        return Json(new JsonObject { ["ok"] = 1, ["data"] = Mblog(c, root, truncate: false) });
    }

    private static SiteResponse Deleted() =>
        Json(new JsonObject { ["ok"] = 0, ["errno"] = "20101", ["msg"] = "抱歉，此微博已被作者删除。查看帮助：https://kefu.weibo.com/faqdetail?id=20101" });

    private static SiteResponse? Extend(RenderContext c)
    {
        var root = FindRoot(c, c.Q("id"));
        if (root is null || !root.Appeared(c.T))
        {
            return Json(new JsonObject { ["ok"] = 0, ["errno"] = "20003", ["msg"] = "该微博不存在" });
        }

        if (root.Deleted(c.T))
        {
            return Deleted();
        }

        var (reposts, likes, _) = root.EngagementAt(c.T);
        return Json(new JsonObject
        {
            ["ok"] = 1,
            ["data"] = new JsonObject
            {
                ["ok"] = 1,
                ["longTextContent"] = TextHtml(root.TextAt(c.T)),
                ["reposts_count"] = reposts,
                ["comments_count"] = c.View.ReplyCount(root),
                ["attitudes_count"] = likes,
            },
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Comments(RenderContext c)
    {
        var root = FindRoot(c, c.Q("mid") ?? c.Q("id"));
        if (root is null || !root.Visible(c.T))
        {
            return Json(new JsonObject { ["ok"] = 0, ["msg"] = "快来发表你的评论吧" });
        }

        var top = c.View.RepliesOf(root).OrderByDescending(n => n.Post.At).ThenByDescending(n => n.Order).ToList();
        if (top.Count == 0)
        {
            return Json(new JsonObject { ["ok"] = 0, ["msg"] = "快来发表你的评论吧" });
        }

        var size = c.Sizes.WeiboComments;
        // max_id is an opaque cursor to the client; here it is the offset of the next page.
        var offset = (int)Math.Clamp(c.Long("max_id") ?? 0, 0, int.MaxValue);
        var page = (offset / size) + 1;
        var items = c.Control.EmptyLists ? [] : top.Skip(offset).Take(size).ToList();
        c.ListPage = page;
        var data = new JsonArray();
        foreach (var n in items)
        {
            var sub = new JsonArray();
            foreach (var d in c.View.Descendants(n).OrderBy(x => x.Post.At).ThenBy(x => x.Order))
            {
                sub.Add(Comment(c, d, root, n));
            }

            var obj = Comment(c, n, root, null);
            obj["comments"] = sub;
            obj["total_number"] = sub.Count;
            data.Add(obj);
        }

        var next = offset + items.Count < top.Count && items.Count > 0 ? offset + items.Count : 0;
        return Json(new JsonObject
        {
            ["ok"] = 1,
            ["data"] = new JsonObject
            {
                ["data"] = data,
                ["total_number"] = c.View.ReplyCount(root),
                ["max_id"] = next,
                ["max_id_type"] = 0,
            },
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static JsonObject Comment(RenderContext c, PostNode n, PostNode root, PostNode? topComment)
    {
        var (_, likes, _) = n.EngagementAt(c.T);
        var text = TextHtml(n.TextAt(c.T));
        if (topComment is not null && n.Parent is { } p && p != topComment)
        {
            text = $"回复<a href='/n/{Uri.EscapeDataString(p.Post.Author.Name)}'>@{Html.Escape(p.Post.Author.Name)}</a>:{text}";
        }

        var obj = new JsonObject
        {
            ["created_at"] = TimeFormats.Weibo(c.TimeOf(n), c.Now),
            ["id"] = n.PlatformId.ToString(Inv),
            ["rootid"] = (topComment ?? n).PlatformId.ToString(Inv),
            ["mid"] = n.PlatformId.ToString(Inv),
            ["status_mid"] = root.PlatformId.ToString(Inv),
            ["floor_number"] = n.Floor - 1,
            ["text"] = text,
            ["like_count"] = likes,
            ["user"] = User(n),
        };
        if (topComment is not null && n.Parent is { } parent)
        {
            obj["reply_id"] = parent.PlatformId.ToString(Inv);
        }

        return obj;
    }

    private static SiteResponse? StatusPage(RenderContext c, string bid)
    {
        var root = FindRoot(c, bid);
        if (root is null || !root.Appeared(c.T))
        {
            return null;
        }

        if (root.Deleted(c.T))
        {
            return SiteResponse.Html("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>微博</title></head><body><div class=\"m-error\"><p class=\"h5-4con\">微博不存在或暂无查看权限!</p></div></body></html>");
        }

        var status = Mblog(c, root, truncate: false).ToJsonString(JsonOptions);
        return SiteResponse.Html("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1,maximum-scale=1,minimum-scale=1,user-scalable=no\"><title>微博</title></head><body><div id=\"app\"></div>"
            + "<script>var $render_data = [{\"status\": " + status.Replace("</", "<\\/", StringComparison.Ordinal) + ", \"call\": \"\", \"hotScheme\": \"\", \"appScheme\": \"\"}][0] || {};</script></body></html>");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>The <c>pics</c> array of a microblog: a thumbnail and a <c>large</c> rendition per picture, as Weibo's API sends them.</summary>
    private static JsonArray Pictures(RenderContext c, IReadOnlyList<string> images)
    {
        var pics = new JsonArray();
        foreach (var name in images)
        {
            var url = new Uri(c.BaseUri, Pipeline.DrillImages.PathPrefix + Uri.EscapeDataString(name)).AbsoluteUri;
            pics.Add(new JsonObject
            {
                ["pid"] = name,
                ["url"] = url + "?size=orj360",
                ["size"] = "orj360",
                ["large"] = new JsonObject { ["size"] = "large", ["url"] = url },
            });
        }

        return pics;
    }

    private static JsonObject Mblog(RenderContext c, PostNode r, bool truncate)
    {
        var (reposts, likes, _) = r.EngagementAt(c.T);
        var full = r.TextAt(c.T);
        var bid = Ids.Bid(r.PlatformId);
        var isLong = full.Length > LongTextLimit;
        var text = truncate && isLong
            ? TextHtml(full[..LongTextLimit]) + $"...<a href=\"/status/{bid}\">全文</a>"
            : TextHtml(full);
        var mblog = new JsonObject
        {
            ["visible"] = new JsonObject { ["type"] = 0, ["list_id"] = 0 },
            ["created_at"] = TimeFormats.Weibo(c.TimeOf(r), c.Now),
            ["id"] = r.PlatformId.ToString(Inv),
            ["mid"] = r.PlatformId.ToString(Inv),
            ["bid"] = bid,
            ["can_edit"] = false,
            ["text"] = text,
            ["textLength"] = full.Length * 2,
            ["source"] = r.Post.Source ?? "iPhone客户端",
            ["favorited"] = false,
            ["pic_num"] = r.Post.Images.Count,
            ["pics"] = Pictures(c, r.Post.Images),
            ["isLongText"] = isLong,
            ["user"] = User(r),
            ["reposts_count"] = reposts,
            ["comments_count"] = c.View.ReplyCount(r),
            ["attitudes_count"] = likes,
            ["pending_approval_count"] = 0,
            ["edit_count"] = r.EditCount(c.T),
        };
        if (r.EditedAt(c.T) is { } edited)
        {
            mblog["edit_at"] = TimeFormats.Weibo(c.TimeOf(edited), c.Now);
        }

        return mblog;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static JsonObject User(PostNode n)
    {
        var uid = Ids.User(n.Post.Author.Id);
        var f = n.Post.Author.Followers;
        return new JsonObject
        {
            ["id"] = uid,
            ["screen_name"] = n.Post.Author.Name,
            ["profile_image_url"] = $"/private/avatar/{uid}.jpg",
            ["profile_url"] = $"/u/{uid}?uid={uid}",
            // Weibo sends small follower counts as numbers and large ones as display strings ("1.2万").
            ["followers_count"] = f < 10_000 ? JsonValue.Create(f) : JsonValue.Create(FollowersText(f)),
            ["followers_count_str"] = FollowersText(f),
            ["verified"] = false,
        };
    }

    internal static string FollowersText(long f) => f switch
    {
        < 10_000 => f.ToString(Inv),
        < 100_000_000 => (Math.Floor(f / 1000.0) / 10).ToString("0.#", Inv) + "万",
        _ => (Math.Floor(f / 10_000_000.0) / 10).ToString("0.#", Inv) + "亿",
    };

    /// <summary>Plain text to Weibo's text HTML: escaped, <c>&lt;br /&gt;</c>, #topics# and @mentions as links.</summary>
    internal static string TextHtml(string text)
    {
        var html = Html.Text(text, "<br />");
        html = TopicRegex().Replace(html, m =>
            $"<a  href=\"/search?containerid=231522type%3D1%26t%3D10%26q%3D{Uri.EscapeDataString(m.Value)}&isnewpage=1\" data-hide=\"\"><span class=\"surl-text\">{m.Value}</span></a>");
        return MentionRegex().Replace(html, m => $"<a href='/n/{Uri.EscapeDataString(m.Groups[1].Value)}'>@{m.Groups[1].Value}</a>");
    }

    [GeneratedRegex(@"#[^#<>\s]{1,40}#")]
    private static partial Regex TopicRegex();

    [GeneratedRegex(@"@([\p{L}\p{N}_\-]{1,30})")]
    private static partial Regex MentionRegex();

    private static SiteResponse Json(JsonObject o) => SiteResponse.Json(o.ToJsonString(JsonOptions));

    public SiteResponse Captcha(RenderContext context) => SiteResponse.Html(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><title>Sina Visitor System</title></head><body>"
        + "<span id=\"message\"></span><script type=\"text/javascript\" src=\"/private/visitor/js/lib.js\"></script>"
        + "<script type=\"text/javascript\">var url = url || {}; window.use_fp = \"1\" == \"1\"; var return_url = \"/\"; function gen_visitor() { /* visitor cookie handshake */ }</script>"
        + "<div class=\"verify\"><p>访问异常，请完成验证后继续</p><div id=\"geetest_captcha\"></div></div></body></html>") with { Cacheable = false };

    public SiteResponse LoginWall(RenderContext context) =>
        Json(new JsonObject { ["ok"] = -100, ["url"] = "https://passport.weibo.com/sso/signin?entry=wapsso&source=wapssowb&url=https%3A%2F%2Fm.weibo.cn%2F" });
}
