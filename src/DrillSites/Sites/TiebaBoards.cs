using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>
/// Two Tieba boards that an HTTP-only crawler cannot read as it reads the others:
/// <list type="bullet">
/// <item><c>法考app</c> is <b>browser-only</b>: <c>/f?kw=法考app</c> is a script shell with no thread in its markup; its script
/// loads <c>/app/api/threads?kw=..&amp;pn=N</c> (JSON, <see cref="DrillPageSizes.AppThreads"/> threads each) and renders
/// them, one more answer per "加载更多" click;</item>
/// <item><c>法考会员</c> is <b>login-walled</b>: its list and threads answer only a request carrying the session cookie
/// (<see cref="DrillSiteControl.ClubCookie"/> until <see cref="DrillSiteControl.ClubSessionExpiresAt"/>,
/// <see cref="DrillSiteControl.RenewedClubCookie"/> always); anything else is redirected (302) to
/// <c>/passport/login</c>, a login page served with status 200.</item>
/// </list>
/// </summary>
internal static class TiebaBoards
{
    public const string AppBoard = "法考app";
    public const string ClubBoard = "法考会员";
    public const string LoginPath = "/passport/login";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The answer for a request that belongs to one of these boards, or null to let the board render as usual.</summary>
    public static SiteResponse? Answer(RenderContext c)
    {
        if (c.Path == LoginPath)
        {
            return LoginPage(c);
        }

        if (c.Path == "/app/api/threads")
        {
            return Threads(c);
        }

        var board = c.Path == "/f" ? c.Q("kw")
            : c.Path.StartsWith("/p/", StringComparison.Ordinal) && long.TryParse(c.Path.AsSpan(3), NumberStyles.None, Inv, out var tid) && c.Model.RootById(tid) is { } root ? c.Model.BoardOf(root)
            : null;
        if (board == ClubBoard && !SessionValid(c))
        {
            var back = c.Path + (c.Path == "/f" ? "?kw=" + Uri.EscapeDataString(ClubBoard) : "");
            return SiteResponse.Html("<html><body>Redirecting</body></html>", 302) with
            {
                Headers = new Dictionary<string, string> { ["Location"] = LoginPath + "?u=" + Uri.EscapeDataString(back) },
                Cacheable = false,
            };
        }

        return c.Path == "/f" && board == AppBoard && c.Model.Boards.Contains(AppBoard) ? Shell(c) : null;
    }

    private static bool SessionValid(RenderContext c)
    {
        var sessions = c.Cookie.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return sessions.Contains(DrillSiteControl.RenewedClubCookie, StringComparer.Ordinal)
            || (sessions.Contains(DrillSiteControl.ClubCookie, StringComparer.Ordinal) && !(c.Control.ClubSessionExpiresAt is { } end && c.T >= end));
    }

    private static SiteResponse LoginPage(RenderContext c) => SiteResponse.Html(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>百度账号登录</title></head><body><div class=\"passport-login\">"
        + "<h2>请登录后查看</h2><p>该吧为会员吧，登录百度账号后才能查看帖子。</p>"
        + "<form action=\"/passport/login\" method=\"post\"><input name=\"userName\" placeholder=\"手机号/用户名/邮箱\"><input name=\"password\" type=\"password\" placeholder=\"密码\"><button>登录</button></form>"
        + $"<input type=\"hidden\" name=\"u\" value=\"{Html.Escape(c.Q("u") ?? "/")}\"></div></body></html>") with { Cacheable = false };

    /// <summary>The browser-only board's page: a frame, a script, and no thread until the script has run.</summary>
    private static SiteResponse Shell(RenderContext c)
    {
        var kw = Uri.EscapeDataString(AppBoard);
        var load = c.Control.AppNeverRenders ? "function load() { /* the board's data service never answers this page */ }"
            : "function load() { fetch('/app/api/threads?kw=" + kw + "&pn=' + pn).then(function (r) { return r.json(); }).then(function (d) {"
              + " var list = document.getElementById('app-list');"
              + " d.data.threads.forEach(function (t) { var li = document.createElement('li'); li.className = 'app-thread'; li.setAttribute('data-tid', t.tid);"
              + " li.innerHTML = '<a class=\"app-title\"></a><p class=\"app-text\"></p><span class=\"app-author\"></span>';"
              + " li.querySelector('.app-title').textContent = t.title; li.querySelector('.app-title').href = t.url;"
              + " li.querySelector('.app-text').textContent = t.text; li.querySelector('.app-author').textContent = t.author.name; list.appendChild(li); });"
              + " pn = d.data.page + 1; document.getElementById('more').style.display = d.data.has_more ? '' : 'none'; }); }";
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + Html.Escape(AppBoard) + "吧-百度贴吧</title></head><body>"
            + "<div id=\"app\"><h1 class=\"card_title_fname\">" + Html.Escape(AppBoard) + "吧</h1><noscript>请启用 JavaScript 后浏览本吧。</noscript><ul id=\"app-list\"></ul>"
            + "<button id=\"more\" style=\"display:none\">加载更多</button></div>"
            + "<script>var pn = 1; " + load + " document.getElementById('more').addEventListener('click', load); load();</script></body></html>";
        return SiteResponse.Html(html);
    }

    /// <summary>The browser-only board's JSON: its threads newest first, a page at a time, with full text and author.</summary>
    private static SiteResponse? Threads(RenderContext c)
    {
        if (c.Q("kw") != AppBoard || !c.Model.Boards.Contains(AppBoard))
        {
            return null;
        }

        var size = c.Sizes.AppThreads;
        var page = Math.Max(1, c.Int("pn", 1));
        var all = c.View.ByActivity.Where(r => c.Model.BoardOf(r) == AppBoard).OrderByDescending(r => r.Post.At).ThenByDescending(r => r.Order).ToList();
        var items = c.PageOf(all, page, size);
        var threads = new JsonArray();
        foreach (var r in items)
        {
            threads.Add(new JsonObject
            {
                ["tid"] = r.PlatformId,
                ["title"] = r.TitleAt(c.T),
                ["text"] = r.TextAt(c.T),
                ["author"] = new JsonObject { ["id"] = Ids.User(r.Post.Author.Id), ["name"] = r.Post.Author.Name },
                ["create_time"] = c.TimeOf(r).ToUnixTimeSeconds(),
                ["reply_num"] = c.View.ReplyCount(r),
                ["url"] = "/p/" + r.PlatformId.ToString(Inv),
            });
        }

        var answer = new JsonObject
        {
            ["errno"] = 0,
            ["data"] = new JsonObject { ["threads"] = threads, ["page"] = page, ["has_more"] = (long)page * size < all.Count },
        };
        return SiteResponse.Json(answer.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) with { Cacheable = false };
    }
}
