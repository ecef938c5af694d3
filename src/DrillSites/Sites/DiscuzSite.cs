using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using SentimentWatch.DrillSites.Pipeline;
using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>
/// A Discuz! X3.4 forum in GBK: <c>forum.php?mod=forumdisplay&amp;fid=N&amp;page=N</c> thread lists,
/// <c>forum.php?mod=viewthread&amp;tid=N&amp;page=N</c> posts, <c>search.php?mod=forum&amp;srchtxt=(GBK %XX)</c>.
/// Replies are flat floors (quotes for replies to replies); deleted replies stay as "该帖被管理员或版主屏蔽".
/// </summary>
internal sealed class DiscuzSite : ISiteRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string SiteName = "法考之家";

    public DrillSite Site => DrillSite.Discuz;

    public string Robots => "User-agent: *\nDisallow: /private/\nDisallow: /api/\nDisallow: /data/\nDisallow: /source/\nDisallow: /install/\nDisallow: /uc_server/\nDisallow: /admin.php\nDisallow: /member.php\n";

    public SiteResponse? Render(RenderContext c)
    {
        switch (c.Path)
        {
            case "/forum.php":
                return c.Q("mod") switch
                {
                    "forumdisplay" => ForumDisplay(c),
                    "viewthread" => ViewThread(c),
                    "redirect" => Redirect(c),
                    null or "" or "index" => Index(c),
                    _ => null,
                };
            case "/search.php":
                return Search(c);
            case "/" or "/index.php":
                return Index(c);
            default:
                return null;
        }
    }

    private static SiteResponse Index(RenderContext c)
    {
        var sb = new StringBuilder("<div id=\"ct\" class=\"wp cl\"><div class=\"fl bm\"><div class=\"bm bmw flg cl\"><div class=\"bm_h cl\"><h2><a href=\"forum.php?gid=1\">司法考试</a></h2></div><div id=\"category_1\" class=\"bm_c\"><table class=\"fl_tb\">");
        foreach (var board in c.Model.Boards)
        {
            var fid = c.Model.FidOf(board);
            var threads = c.View.ByActivity.Count(r => c.Model.BoardOf(r) == board);
            sb.Append(Inv, $"<tr><td class=\"fl_g\"><dl><dt><a href=\"forum.php?mod=forumdisplay&amp;fid={fid}\">{Html.Escape(board)}</a></dt><dd><em>主题: {threads}</em></dd></dl></td></tr>");
        }

        sb.Append("</table></div></div></div></div>");
        return Page(c, $"{SiteName} - Powered by Discuz!", sb.ToString());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse? ForumDisplay(RenderContext c)
    {
        var fid = c.Int("fid", -1);
        var board = c.Model.BoardOfFid(fid);
        if (board is null)
        {
            return Message(c, "抱歉，指定的版块不存在");
        }

        var threads = c.View.ByActivity.Where(r => c.Model.BoardOf(r) == board).ToList();
        var size = c.Sizes.DiscuzThreads;
        var page = Math.Max(1, c.Int("page", 1));
        var items = c.PageOf(threads, page, size);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<div id=\"pt\" class=\"bm cl\"><div class=\"z\"><a href=\"./\" class=\"nvhm\">{SiteName}</a> <em>&rsaquo;</em> <a href=\"forum.php?mod=forumdisplay&amp;fid={fid}\">{Html.Escape(board)}</a></div></div>");
        sb.Append(Inv, $"<div class=\"bm bml pbn\"><div class=\"bm_h cl\"><h1 class=\"xs2\"><a href=\"forum.php?mod=forumdisplay&amp;fid={fid}\">{Html.Escape(board)}</a> <span class=\"xs1 xw0 i\">今日: <strong class=\"xi1\">{threads.Count(t => (c.Now - c.TimeOf(t)).TotalDays < 1)}</strong><span class=\"pipe\">|</span>主题: <strong class=\"xi1\">{threads.Count}</strong></span></h1></div></div>");
        sb.Append(Pager(c, threads.Count, page, size, p => $"forum.php?mod=forumdisplay&amp;fid={fid}&amp;page={p}"));
        sb.Append(Inv, $"<div id=\"threadlist\" class=\"tl bm bmw\"><div class=\"bm_c\"><form method=\"post\" autocomplete=\"off\" name=\"moderate\" id=\"moderate\" action=\"forum.php?mod=topicadmin&amp;action=moderate&amp;fid={fid}&amp;infloat=yes&amp;nopost=yes\">");
        sb.Append(Inv, $"<table summary=\"forum_{fid}\" cellspacing=\"0\" cellpadding=\"0\" id=\"threadlisttableid\"><tbody><tr class=\"th\"><th colspan=\"2\">标题</th><td class=\"by\">作者</td><td class=\"num\">回复/查看</td><td class=\"by\">最后发表</td></tr></tbody>");
        sb.Append("<tbody id=\"separatorline\" class=\"emptb\"><tr class=\"ts\"><td>&nbsp;</td><th>&nbsp;</th><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr></tbody>");
        foreach (var r in items)
        {
            var tid = r.PlatformId;
            var floors = Floors(c, r);
            var replies = floors.Count - 1;
            var last = floors.Where(f => f.Visible(c.T)).OrderBy(f => f.Post.At).ThenBy(f => f.Order).Last();
            var uid = Ids.User(r.Post.Author.Id);
            var (_, _, views) = r.EngagementAt(c.T);
            sb.Append(Inv, $"<tbody id=\"normalthread_{tid}\"><tr>");
            sb.Append(Inv, $"<td class=\"icn\"><a href=\"forum.php?mod=viewthread&amp;tid={tid}&amp;extra=page%3D{page}\" title=\"有新回复 - 新窗口打开\" target=\"_blank\"><img src=\"static/image/common/folder_new.gif\" /></a></td>");
            sb.Append(Inv, $"<th class=\"new\"><a href=\"javascript:;\" id=\"content_{tid}\" class=\"showcontent y\" title=\"更多操作\"></a>");
            sb.Append(Inv, $"<a href=\"forum.php?mod=viewthread&amp;tid={tid}&amp;extra=page%3D{page}\" onclick=\"atarget(this)\" class=\"s xst\">{Html.Escape(r.TitleAt(c.T))}</a>");
            if (replies >= c.Sizes.DiscuzPosts)
            {
                var pages = (floors.Count + c.Sizes.DiscuzPosts - 1) / c.Sizes.DiscuzPosts;
                sb.Append("<span class=\"tps\">&nbsp;...");
                for (var p = 2; p <= pages; p++)
                {
                    sb.Append(Inv, $"<a href=\"forum.php?mod=viewthread&amp;tid={tid}&amp;extra=page%3D{page}&amp;page={p}\">{p}</a>");
                }

                sb.Append("</span>");
            }

            sb.Append("</th>");
            sb.Append(Inv, $"<td class=\"by\"><cite><a href=\"home.php?mod=space&amp;uid={uid}\" c=\"1\">{Html.Escape(r.Post.Author.Name)}</a></cite><em><span>{TimeFormats.DiscuzDate(c.TimeOf(r))}</span></em></td>");
            sb.Append(Inv, $"<td class=\"num\"><a href=\"forum.php?mod=viewthread&amp;tid={tid}&amp;extra=page%3D{page}\" class=\"xi2\">{replies}</a><em>{views}</em></td>");
            sb.Append(Inv, $"<td class=\"by\"><cite><a href=\"home.php?mod=space&amp;username={RawQuery.Encode(last.Post.Author.Name, Gbk.Encoding)}\" c=\"1\">{Html.Escape(last.Post.Author.Name)}</a></cite><em><a href=\"forum.php?mod=redirect&amp;tid={tid}&amp;goto=lastpost#lastpost\">{When(c.TimeOf(last), c.Now)}</a></em></td>");
            sb.Append("</tr></tbody>");
        }

        sb.Append("</table></form></div></div>");
        sb.Append(Pager(c, threads.Count, page, size, p => $"forum.php?mod=forumdisplay&amp;fid={fid}&amp;page={p}"));
        return Page(c, $"{Html.Escape(board)} - {SiteName} - Powered by Discuz!", sb.ToString());
    }

    /// <summary>Every floor of a thread in floor order: the first post, then every reply that has appeared (deleted ones included, shown as blocked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<PostNode> Floors(RenderContext c, PostNode root)
    {
        var all = new List<PostNode>();
        void Walk(PostNode n)
        {
            foreach (var ch in n.Children)
            {
                if (ch.Appeared(c.T))
                {
                    all.Add(ch);
                    Walk(ch);
                }
            }
        }

        Walk(root);
        all.Sort(static (a, b) => a.Post.At != b.Post.At ? a.Post.At.CompareTo(b.Post.At) : a.Order.CompareTo(b.Order));
        all.Insert(0, root);
        return all;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse? ViewThread(RenderContext c)
    {
        var tid = c.Long("tid") ?? -1;
        var root = c.Model.RootById(tid);
        if (root is null || !root.Appeared(c.T) || root.Deleted(c.T))
        {
            return Message(c, "抱歉，指定的主题不存在或已被删除或正在被审核");
        }

        var floors = Floors(c, root);
        var size = c.Sizes.DiscuzPosts;
        var total = Math.Max(1, (floors.Count + size - 1) / size);
        var page = Math.Clamp(c.Int("page", 1), 1, total);
        var board = c.Model.BoardOf(root);
        var fid = c.Model.FidOf(board);
        var (_, _, views) = root.EngagementAt(c.T);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<div id=\"pt\" class=\"bm cl\"><div class=\"z\"><a href=\"./\" class=\"nvhm\">{SiteName}</a> <em>&rsaquo;</em> <a href=\"forum.php?mod=forumdisplay&amp;fid={fid}\">{Html.Escape(board)}</a> <em>&rsaquo;</em> <a href=\"forum.php?mod=viewthread&amp;tid={tid}\">{Html.Escape(root.TitleAt(c.T))}</a></div></div>");
        sb.Append(Pager(c, floors.Count, page, size, p => $"forum.php?mod=viewthread&amp;tid={tid}&amp;extra=&amp;page={p}", isList: false));
        sb.Append(Inv, $"<div id=\"postlist\" class=\"pl bm\"><table cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"pls ptn pbn\"><div class=\"hm ptn\"><span class=\"xg1\">查看:</span> <span class=\"xi1\">{views}</span><span class=\"pipe\">|</span><span class=\"xg1\">回复:</span> <span class=\"xi1\">{floors.Count - 1}</span></div></td>");
        sb.Append(Inv, $"<td class=\"plc ptm pbn vwthd\"><h1 class=\"ts\"><span id=\"thread_subject\">{Html.Escape(root.TitleAt(c.T))}</span></h1><span class=\"xg1\"><a href=\"forum.php?mod=viewthread&amp;tid={tid}\" onclick=\"return copyThreadUrl(this, '{SiteName}')\">[复制链接]</a></span></td></tr></table>");
        var index = (page - 1) * size;
        foreach (var f in floors.Skip(index).Take(size))
        {
            index++;
            var pid = f.IsRoot ? f.FirstPostId : f.PlatformId;
            var uid = Ids.User(f.Post.Author.Id);
            var floorName = index switch { 1 => "楼主", 2 => "沙发", 3 => "板凳", 4 => "地板", _ => null };
            var floorLabel = floorName is null ? $"<em>{index}</em><sup>#</sup>" : $"<em>{floorName}</em>";
            sb.Append(Inv, $"<div id=\"post_{pid}\"><table id=\"pid{pid}\" class=\"plhin\" summary=\"pid{pid}\" cellspacing=\"0\" cellpadding=\"0\"><tr>");
            sb.Append(Inv, $"<td class=\"pls\" rowspan=\"2\"><div id=\"favatar{pid}\" class=\"pls favatar\"><div class=\"pi\"><div class=\"authi\"><a href=\"home.php?mod=space&amp;uid={uid}\" target=\"_blank\" class=\"xw1\">{Html.Escape(f.Post.Author.Name)}</a></div></div></div></td>");
            sb.Append(Inv, $"<td class=\"plc\"><div class=\"pi\"><strong><a href=\"forum.php?mod=redirect&amp;goto=findpost&amp;ptid={tid}&amp;pid={pid}\" id=\"postnum{pid}\" onclick=\"setCopy(this.href, '帖子地址复制成功');return false;\">{floorLabel}</a></strong>");
            var rel = TimeFormats.DiscuzRelative(c.TimeOf(f), c.Now);
            var posted = rel is null ? $"发表于 {TimeFormats.DiscuzDateTime(c.TimeOf(f))}" : $"发表于 <span title=\"{TimeFormats.DiscuzDateTime(c.TimeOf(f))}\">{rel}</span>";
            sb.Append(Inv, $"<div class=\"pti\"><div class=\"authi\"><img class=\"authicn vm\" id=\"authicon{pid}\" src=\"static/image/common/online_member.gif\" /><em id=\"authorposton{pid}\">{posted}</em><span class=\"pipe\">|</span><a href=\"forum.php?mod=viewthread&amp;tid={tid}&amp;page={page}&amp;authorid={uid}\" rel=\"nofollow\">只看该作者</a></div></div></div>");
            sb.Append("<div class=\"pct\"><div class=\"pcb\">");
            if (f.Deleted(c.T))
            {
                sb.Append("<div class=\"locked\">提示: <em>该帖被管理员或版主屏蔽</em></div>");
            }
            else
            {
                sb.Append(Inv, $"<div class=\"t_fsz\"><table cellspacing=\"0\" cellpadding=\"0\"><tr><td class=\"t_f\" id=\"postmessage_{pid}\">");
                if (f.EditedAt(c.T) is { } edited)
                {
                    sb.Append(Inv, $"<i class=\"pstatus\"> 本帖最后由 {Html.Escape(f.Post.Author.Name)} 于 {TimeFormats.DiscuzDateTime(c.TimeOf(edited))} 编辑 </i><br />\r\n");
                }

                if (f.Parent is { IsRoot: false } quoted)
                {
                    sb.Append(Inv, $"<div class=\"quote\"><blockquote><font size=\"2\"><a href=\"forum.php?mod=redirect&amp;goto=findpost&amp;pid={quoted.PlatformId}&amp;ptid={tid}\" target=\"_blank\"><font color=\"#999999\">{Html.Escape(quoted.Post.Author.Name)} 发表于 {TimeFormats.DiscuzDateTime(c.TimeOf(quoted))}</font></a></font><br />\r\n{Html.Escape(Html.Abstract(quoted.TextAt(c.T), 60))}</blockquote></div><br />\r\n");
                }

                sb.Append(Html.Text(f.TextAt(c.T), "<br />\r\n"));
                sb.Append("</td></tr></table></div>");
            }

            sb.Append("</div></div></td></tr></table></div>");
        }

        sb.Append("</div>");
        sb.Append(Pager(c, floors.Count, page, size, p => $"forum.php?mod=viewthread&amp;tid={tid}&amp;extra=&amp;page={p}", isList: false));
        return Page(c, $"{Html.Escape(root.TitleAt(c.T))} - {Html.Escape(board)} - {SiteName} - Powered by Discuz!", sb.ToString());
    }

    private static SiteResponse? Redirect(RenderContext c)
    {
        var tid = c.Long("ptid") ?? c.Long("tid") ?? -1;
        var root = c.Model.RootById(tid);
        if (root is null)
        {
            return Message(c, "抱歉，指定的主题不存在或已被删除或正在被审核");
        }

        var floors = Floors(c, root);
        var pid = c.Long("pid");
        var i = c.Q("goto") == "lastpost" ? floors.Count - 1 : floors.FindIndex(f => (f.IsRoot ? f.FirstPostId : f.PlatformId) == pid);
        if (i < 0)
        {
            return Message(c, "抱歉，指定的帖子不存在或已被删除或正在被审核");
        }

        var page = (i / c.Sizes.DiscuzPosts) + 1;
        var target = floors[i].IsRoot ? floors[i].FirstPostId : floors[i].PlatformId;
        return new SiteResponse(302, "text/html; charset=gbk", [])
        {
            Headers = new Dictionary<string, string> { ["Location"] = string.Create(Inv, $"forum.php?mod=viewthread&tid={tid}&page={page}#pid{target}") },
            Cacheable = false,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Search(RenderContext c)
    {
        if (c.Q("mod") is not (null or "forum"))
        {
            return Message(c, "抱歉，搜索类型不存在");
        }

        var kw = c.Q("srchtxt") ?? "";
        if (kw.Trim().Length == 0)
        {
            return Message(c, "抱歉，您尚未输入搜索的关键词");
        }

        var size = c.Sizes.SearchResults;
        var page = Math.Max(1, c.Int("page", 1));
        var hits = c.View.ByActivity.Where(r => RenderContext.Matches(r, r.TitleAt(c.T), r.TextAt(c.T), kw)).ToList();
        var items = c.PageOf(hits, page, size);
        var enc = RawQuery.Encode(kw, Gbk.Encoding);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<div class=\"tl\"><div class=\"sttl mbn\"><h2><em>&quot;{Html.Escape(kw)}&quot;</em> 相关内容 {hits.Count} 个</h2></div>");
        if (hits.Count == 0)
        {
            // Discuz's own markup for a search without hits: no result list at all, only this notice — which is what
            // lets a crawler tell "no results" from a silently emptied page.
            sb.Append("<p class=\"emp xs2 xg2\">对不起，没有找到匹配结果。</p></div>");
            return Page(c, $"搜索 - {SiteName} - Powered by Discuz!", sb.ToString());
        }

        sb.Append("<div class=\"slst mtw\" id=\"threadlist\"><ul>");
        foreach (var r in items)
        {
            var tid = r.PlatformId;
            var floors = Floors(c, r);
            var (_, _, views) = r.EngagementAt(c.T);
            var board = c.Model.BoardOf(r);
            sb.Append(Inv, $"<li class=\"pbw\" id=\"{tid}\"><h3 class=\"xs3\"><a href=\"forum.php?mod=viewthread&amp;tid={tid}&amp;highlight={enc}\" target=\"_blank\">{Highlight(r.TitleAt(c.T), kw)}</a></h3>");
            sb.Append(Inv, $"<p class=\"xg1\">{floors.Count - 1} 个回复 - {views} 次查看</p><p>{Highlight(Html.Abstract(r.TextAt(c.T), 120), kw)}</p>");
            sb.Append(Inv, $"<p><span>{TimeFormats.DiscuzDateTime(c.TimeOf(r))}</span> - <span><a href=\"home.php?mod=space&amp;uid={Ids.User(r.Post.Author.Id)}\" target=\"_blank\">{Html.Escape(r.Post.Author.Name)}</a></span> - <span><a href=\"forum.php?mod=forumdisplay&amp;fid={c.Model.FidOf(board)}\" target=\"_blank\" class=\"xi1\">{Html.Escape(board)}</a></span></p></li>");
        }

        sb.Append("</ul></div></div>");
        sb.Append(Pager(c, hits.Count, page, size, p => $"search.php?mod=forum&amp;srchtxt={enc}&amp;searchsubmit=yes&amp;page={p}"));
        return Page(c, $"搜索 - {SiteName} - Powered by Discuz!", sb.ToString());
    }

    private static string Highlight(string text, string kw)
    {
        var escaped = Html.Escape(text);
        foreach (var term in kw.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries))
        {
            escaped = escaped.Replace(Html.Escape(term), $"<strong><font color=\"#ff0000\">{Html.Escape(term)}</font></strong>", StringComparison.OrdinalIgnoreCase);
        }

        return escaped;
    }

    /// <summary>Relative time in a span titled with the absolute time, or the absolute time alone for older posts (Discuz 'u' format).</summary>
    private static string When(DateTimeOffset t, DateTimeOffset now) =>
        TimeFormats.DiscuzRelative(t, now) is { } rel ? $"<span title=\"{TimeFormats.DiscuzDateTime(t)}\">{rel}</span>" : TimeFormats.DiscuzDateTime(t);

    private static string Pager(RenderContext c, int count, int page, int size, Func<int, string> href, bool isList = true)
    {
        var pages = Math.Max(1, (count + size - 1) / size);
        if (pages <= 1 || (isList && c.Control.EmptyLists))
        {
            return "<div class=\"pgs mtm mbm cl\"></div>";
        }

        var sb = new StringBuilder("<div class=\"pgs mtm mbm cl\"><div class=\"pg\">");
        if (page > 1)
        {
            sb.Append(Inv, $"<a href=\"{href(page - 1)}\" class=\"prev\">&nbsp;&nbsp;</a>");
        }

        for (var p = Math.Max(1, page - 4); p <= Math.Min(pages, page + 5); p++)
        {
            sb.Append(p == page ? $"<strong>{p}</strong>" : $"<a href=\"{href(p)}\">{p}</a>");
        }

        sb.Append(Inv, $"<label><input type=\"text\" name=\"custompage\" class=\"px\" size=\"2\" title=\"输入页码，按回车快速跳转\" value=\"{page}\" /><span title=\"共 {pages} 页\"> / {pages} 页</span></label>");
        if (page < pages)
        {
            sb.Append(Inv, $"<a href=\"{href(page + 1)}\" class=\"nxt\">下一页</a>");
        }

        return sb.Append("</div></div>").ToString();
    }

    private static SiteResponse Message(RenderContext c, string text) => Page(c, $"提示信息 - {SiteName} - Powered by Discuz!",
        $"<div id=\"ct\" class=\"wp cl w\"><div class=\"nfl\"><div class=\"f_c altw\"><div id=\"messagetext\" class=\"alert_error\"><p>{Html.Escape(text)}</p><script type=\"text/javascript\">if(history.length > (BROWSER.ie ? 0 : 1)) {{document.write('<p class=\"alert_btnleft\"><a href=\"javascript:history.back()\">[ 点击这里返回上一页 ]</a></p>');}}</script></div></div></div></div>");

    public SiteResponse Captcha(RenderContext context) => SiteResponse.GbkHtml(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" /><title>访问验证</title></head><body><div class=\"yunsuo-container\"><h2>网站防火墙</h2>"
        + "<p class=\"yunsuo-tip\">您的访问过于频繁，为保障网站安全，请完成下方验证后继续访问。</p><form method=\"post\" action=\"/private/verify\"><img id=\"seccode\" src=\"/private/seccode.png\" alt=\"验证码\" />"
        + "<input type=\"text\" name=\"seccodeverify\" class=\"px vm\" /><button type=\"submit\">确定</button></form><p class=\"footer\">安全防护由 云锁 提供</p></div></body></html>");

    public SiteResponse LoginWall(RenderContext context) => Page(context, $"提示信息 - {SiteName} - Powered by Discuz!",
        "<div id=\"ct\" class=\"wp cl w\"><div class=\"nfl\" id=\"main_succeed\" style=\"display: none\"></div><div class=\"nfl\" id=\"main_messaqge\"><div id=\"layer_login\"><h3 class=\"flb\"><em>用户登录</em></h3>"
        + "<div class=\"alert_info\"><p>抱歉，您尚未登录，没有权限访问该版块</p></div>"
        + "<form method=\"post\" autocomplete=\"off\" name=\"login\" id=\"loginform\" class=\"cl\" action=\"member.php?mod=logging&amp;action=login&amp;loginsubmit=yes\">"
        + "<input type=\"text\" name=\"username\" id=\"username_L\" class=\"px p_fre\" /><input type=\"password\" name=\"password\" id=\"password3_L\" class=\"px p_fre\" />"
        + "<button class=\"pn pnc\" type=\"submit\" name=\"loginsubmit\" value=\"true\"><strong>登录</strong></button></form></div></div></div>");

    private static SiteResponse Page(RenderContext c, string title, string body) => SiteResponse.GbkHtml(
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\r\n"
        + "<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\" />\r\n"
        + "<title>" + title + "</title>\r\n<meta name=\"generator\" content=\"Discuz! X3.4\" />\r\n<base href=\"" + "/" + "\" /></head>\r\n"
        + "<body id=\"nv_forum\" class=\"pg_forumdisplay\" onkeydown=\"if(event.keyCode==27) return false;\">\r\n<div id=\"wp\" class=\"wp\">"
        + body + "</div>\r\n<div id=\"ft\" class=\"wp cl\"><p>Powered by <strong><a href=\"https://www.discuz.vip\" target=\"_blank\">Discuz!</a></strong> <em>X3.4</em></p></div></body></html>");
}
