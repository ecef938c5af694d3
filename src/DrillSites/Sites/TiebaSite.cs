using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>
/// A Baidu-Tieba-like board (UTF-8): <c>/f?kw=..&amp;pn=N</c> forum lists, <c>/p/{tid}?pn=N</c> threads with floors and
/// 楼中楼, <c>/f/search/res?qw=..&amp;pn=N</c> search. Markup follows Tieba's PC pages (class names, data-field JSON).
/// </summary>
internal sealed class TiebaSite : ISiteRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public DrillSite Site => DrillSite.Tieba;

    public string Robots => "User-agent: Baiduspider\nDisallow: /private/\n\nUser-agent: *\nDisallow: /private/\nDisallow: /home/\n";

    public SiteResponse? Render(RenderContext c)
    {
        if (TiebaBoards.Answer(c) is { } special)
        {
            return special;
        }

        if (c.Path == "/f")
        {
            return ForumList(c);
        }

        if (c.Path == "/f/search/res")
        {
            return Search(c);
        }

        if (c.Path.StartsWith("/p/", StringComparison.Ordinal) && long.TryParse(c.Path.AsSpan(3), NumberStyles.None, Inv, out var tid))
        {
            return Thread(c, tid);
        }

        return c.Path == "/" ? Page("百度贴吧", "<div id=\"head\"><a href=\"/f?kw=" + Uri.EscapeDataString(c.Model.Boards[0]) + "&amp;ie=utf-8\">进入" + Html.Escape(c.Model.Boards[0]) + "吧</a></div>") : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static SiteResponse? ForumList(RenderContext c)
    {
        var kw = c.Q("kw") ?? "";
        if (!c.Model.Boards.Contains(kw))
        {
            return null;
        }

        var size = c.Sizes.TiebaThreads;
        var pn = Math.Max(0, c.Int("pn", 0));
        var page = (pn / size) + 1;
        var threads = c.View.ByActivity.Where(r => c.Model.BoardOf(r) == kw).ToList();
        var items = c.PageOf(threads, page, size);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"card_title\"><a class=\"card_title_fname\" href=\"/f?kw={Uri.EscapeDataString(kw)}&amp;ie=utf-8\">{Html.Escape(kw)}吧</a><span class=\"card_menNum\">{threads.Count}</span></div>");
        sb.Append("<ul id=\"thread_list\" class=\"threadlist_bright j_threadlist_bright\">");
        foreach (var r in items)
        {
            var tid = r.PlatformId;
            var title = Html.Escape(r.TitleAt(c.T));
            var replies = c.View.ReplyCount(r);
            var last = c.View.LastReplyOrRoot(r);
            var uid = Ids.User(r.Post.Author.Id);
            sb.Append(Inv, $"<li class=\" j_thread_list clearfix thread_item_box\" data-field='{{&quot;id&quot;:{tid},&quot;author_name&quot;:{Html.Escape(Html.Json(r.Post.Author.Name))},&quot;first_post_id&quot;:{r.FirstPostId},&quot;reply_num&quot;:{replies},&quot;is_bakan&quot;:null,&quot;is_good&quot;:null,&quot;is_top&quot;:null}}' data-tid=\"{tid}\">");
            sb.Append("<div class=\"t_con cleafix\">");
            sb.Append(Inv, $"<div class=\"col2_left j_threadlist_li_left\"><span class=\"threadlist_rep_num center_text\" title=\"回复\">{replies}</span></div>");
            sb.Append("<div class=\"col2_right j_threadlist_li_right \"><div class=\"threadlist_lz clearfix\">");
            sb.Append(Inv, $"<div class=\"threadlist_title pull_left j_th_tit \"><a rel=\"noopener\" href=\"/p/{tid}\" title=\"{title}\" target=\"_blank\" class=\"j_th_tit \">{title}</a></div>");
            sb.Append(Inv, $"<div class=\"threadlist_author pull_right\"><span class=\"tb_icon_author \" title=\"主题作者: {Html.Escape(r.Post.Author.Name)}\" data-field='{{&quot;user_id&quot;:{uid}}}'><i class=\"icon_author\"></i><span class=\"frs-author-name-wrap\"><a rel=\"noopener\" data-field='{{&quot;un&quot;:{Html.Escape(Html.Json(r.Post.Author.Name))},&quot;id&quot;:&quot;tb.1.{uid}&quot;}}' class=\"frs-author-name j_user_card \" href=\"/home/main/?id=tb.1.{uid}&amp;fr=frs\" target=\"_blank\">{Html.Escape(r.Post.Author.Name)}</a></span></span>");
            sb.Append(Inv, $"<span class=\"pull-right is_show_create_time\" title=\"创建时间\">{TimeFormats.TiebaList(c.TimeOf(r), c.Now)}</span></div></div>");
            sb.Append("<div class=\"threadlist_detail clearfix\"><div class=\"threadlist_text pull_left\">");
            sb.Append(Inv, $"<div class=\"threadlist_abs threadlist_abs_onlyline \">{Html.Escape(Html.Abstract(r.TextAt(c.T), 60))}</div></div>");
            sb.Append(Inv, $"<div class=\"threadlist_author pull_right\"><span class=\"tb_icon_author_rely j_replyer\" title=\"最后回复人: {Html.Escape(last.Post.Author.Name)}\"><i class=\"icon_replyer\"></i><a class=\"frs-author-name j_user_card \" href=\"/home/main/?id=tb.1.{Ids.User(last.Post.Author.Id)}\">{Html.Escape(last.Post.Author.Name)}</a></span>");
            sb.Append(Inv, $"<span class=\"threadlist_reply_date pull_right j_reply_data\" title=\"最后回复时间\">{TimeFormats.TiebaList(c.TimeOf(last), c.Now)}</span></div></div>");
            sb.Append("</div></div></li>");
        }

        sb.Append("</ul>");
        sb.Append(Pager(c, threads.Count, page, size, p => $"/f?kw={Uri.EscapeDataString(kw)}&amp;ie=utf-8&amp;pn={(p - 1) * size}", "frs_list_pager", "pagination-default clearfix", "pagination-item"));
        return Page($"{Html.Escape(kw)}吧-百度贴吧", sb.ToString());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse? Thread(RenderContext c, long tid)
    {
        var root = c.Model.RootById(tid);
        if (root is null || !root.Appeared(c.T))
        {
            return null;
        }

        if (!root.Visible(c.T))
        {
            return Page("贴吧404", "<div class=\"page404\"><div id=\"errorText\"><h2>很抱歉，该贴已被删除。</h2><p>贴吧里还有更多精彩内容，赶快去看看吧！</p></div></div>");
        }

        var floors = new List<PostNode> { root };
        floors.AddRange(c.View.RepliesOf(root));
        var size = c.Sizes.TiebaFloors;
        var total = Math.Max(1, (floors.Count + size - 1) / size);
        var page = Math.Clamp(c.Int("pn", 1), 1, total);
        var sb = new StringBuilder();
        var title = Html.Escape(root.TitleAt(c.T));
        var fid = c.Model.FidOf(c.Model.BoardOf(root));
        sb.Append(Inv, $"<div class=\"core_title_wrap_bright clearfix\"><h3 class=\"core_title_txt pull-left text-overflow  \" title=\"{title}\" style=\"width: 396px\">{title}</h3></div>");
        sb.Append(Inv, $"<div class=\"card_title\"><a class=\"card_title_fname\" href=\"/f?kw={Uri.EscapeDataString(c.Model.BoardOf(root))}&amp;ie=utf-8\">{Html.Escape(c.Model.BoardOf(root))}吧</a></div>");
        sb.Append(Inv, $"<ul class=\"l_posts_num\"><li class=\"l_reply_num\"><span class=\"red\">{c.View.ReplyCount(root)}</span>回复贴，共<span class=\"red\">{total}</span>页</li></ul>");
        sb.Append("<div class=\"p_postlist\" id=\"j_p_postlist\">");
        foreach (var f in floors.Skip((page - 1) * size).Take(size))
        {
            var pid = f.IsRoot ? f.FirstPostId : f.PlatformId;
            var uid = Ids.User(f.Post.Author.Id);
            var nested = c.View.Descendants(f).OrderBy(n => n.Post.At).ThenBy(n => n.Order).ToList();
            sb.Append(Inv, $"<div class=\"l_post l_post_bright j_l_post clearfix  \" data-pid=\"{pid}\" data-field='{{&quot;author&quot;:{{&quot;user_id&quot;:{uid},&quot;user_name&quot;:{Html.Escape(Html.Json(f.Post.Author.Name))}}},&quot;content&quot;:{{&quot;post_id&quot;:{pid},&quot;is_anonym&quot;:false,&quot;forum_id&quot;:{fid},&quot;thread_id&quot;:{tid},&quot;post_no&quot;:{f.Floor},&quot;comment_num&quot;:{nested.Count}}}}}'>");
            sb.Append(Inv, $"<div class=\"d_author\"><ul class=\"p_author\"><li class=\"d_name\" data-field='{{&quot;user_id&quot;:{uid}}}'><a data-field='{{&quot;un&quot;:{Html.Escape(Html.Json(f.Post.Author.Name))}}}' alog-group=\"p_author\" class=\"p_author_name j_user_card\" href=\"/home/main?id=tb.1.{uid}&amp;fr=pb\" target=\"_blank\">{Html.Escape(f.Post.Author.Name)}</a></li></ul></div>");
            sb.Append(Inv, $"<div class=\"d_post_content_main \"><div class=\"p_content  \"><cc><div id=\"post_content_{pid}\" class=\"d_post_content j_d_post_content \" style=\"display:;\">            {Html.Text(f.TextAt(c.T))}{Html.TiebaImages(f.Post.Images)}</div><br></cc></div>");
            sb.Append(Inv, $"<div class=\"core_reply j_lzl_wrapper\"><div class=\"core_reply_tail clearfix\"><div class=\"post-tail-wrap\"><span class=\"tail-info\">{f.Floor}楼</span><span class=\"tail-info\">{TimeFormats.TiebaFloor(c.TimeOf(f))}</span></div></div>");
            sb.Append(Inv, $"<div class=\"j_lzl_container core_reply_wrapper\" data-field='{{&quot;pid&quot;:{pid},&quot;total_num&quot;:{nested.Count}}}'><div class=\"j_lzl_c_b_a core_reply_content\"><ul class=\"j_lzl_m_w\">");
            foreach (var n in nested)
            {
                var nuid = Ids.User(n.Post.Author.Id);
                var replyTo = n.Parent is { IsRoot: false } p && p != f ? $"回复 <a class=\"at j_user_card\" username=\"{Html.Escape(p.Post.Author.Name)}\" href=\"/home/main?id=tb.1.{Ids.User(p.Post.Author.Id)}\">{Html.Escape(p.Post.Author.Name)}</a> :" : "";
                sb.Append(Inv, $"<li class=\"lzl_single_post j_lzl_s_p \" data-field='{{&quot;spid&quot;:{n.PlatformId},&quot;user_name&quot;:{Html.Escape(Html.Json(n.Post.Author.Name))},&quot;portrait&quot;:&quot;tb.1.{nuid}&quot;}}'>");
                sb.Append(Inv, $"<div class=\"lzl_cnt\"><a class=\"at j_user_card \" data-field='{{&quot;id&quot;:&quot;tb.1.{nuid}&quot;,&quot;un&quot;:{Html.Escape(Html.Json(n.Post.Author.Name))}}}' alog-group=\"p_author\" target=\"_blank\" href=\"/home/main?id=tb.1.{nuid}\" username=\"{Html.Escape(n.Post.Author.Name)}\">{Html.Escape(n.Post.Author.Name)}</a>:&nbsp;<span class=\"lzl_content_main\" data-username=\"{Html.Escape(n.Post.Author.Name)}\">{replyTo}{Html.Text(n.TextAt(c.T))}</span>");
                sb.Append(Inv, $"<div class=\"lzl_content_reply\"><span class=\"lzl_op_list j_lzl_o_l\"></span><span class=\"lzl_time\">{TimeFormats.TiebaLzl(c.TimeOf(n))}</span></div></div></li>");
            }

            sb.Append("</ul></div></div></div></div></div>");
        }

        sb.Append("</div>");
        sb.Append(ThreadPager(tid, page, total));
        return Page($"{title}_{Html.Escape(c.Model.BoardOf(root))}吧_百度贴吧", sb.ToString());
    }

    private static string ThreadPager(long tid, int page, int total)
    {
        var sb = new StringBuilder("<li class=\"l_pager pager_theme_4 pb_list_pager\">");
        if (page > 1)
        {
            sb.Append(Inv, $"<a href=\"/p/{tid}\">首页</a><a href=\"/p/{tid}?pn={page - 1}\">上一页</a>");
        }

        for (var p = 1; p <= total; p++)
        {
            sb.Append(p == page ? $"<span class=\"tP\">{p}</span>" : $"<a href=\"/p/{tid}?pn={p}\">{p}</a>");
        }

        if (page < total)
        {
            sb.Append(Inv, $"<a href=\"/p/{tid}?pn={page + 1}\">下一页</a><a href=\"/p/{tid}?pn={total}\">尾页</a>");
        }

        return sb.Append("</li>").ToString();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Search(RenderContext c)
    {
        var qw = c.Q("qw") ?? "";
        var page = Math.Max(1, c.Int("pn", 1));
        var size = c.Sizes.SearchResults;
        var hits = c.View.ByPublication.SelectMany(r => c.View.Descendants(r).Prepend(r))
            .Where(n => RenderContext.Matches(n, n.Root.TitleAt(c.T), n.TextAt(c.T), qw))
            .OrderByDescending(n => n.Post.At).ThenByDescending(n => n.Order).ToList();
        var items = c.PageOf(hits, page, size);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<div class=\"search_form\"><input id=\"wd1\" name=\"qw\" value=\"{Html.Escape(qw)}\"></div><div class=\"s_post_list\">");
        foreach (var n in items)
        {
            var root = n.Root;
            var pid = n.IsRoot ? n.FirstPostId : n.PlatformId;
            sb.Append(Inv, $"<div class=\"s_post\"><span class=\"p_title\"><a data-tid=\"{root.PlatformId}\" data-fid=\"{c.Model.FidOf(c.Model.BoardOf(root))}\" class=\"bluelink\" href=\"/p/{root.PlatformId}?pid={pid}&amp;cid=0#{pid}\" target=\"_blank\">{(n.IsRoot ? "" : "回复:")}{Html.Escape(root.TitleAt(c.T))}</a></span>");
            sb.Append(Inv, $"<div class=\"p_content\">{Html.Escape(Html.Abstract(n.TextAt(c.T), 120))}</div>");
            sb.Append(Inv, $"贴吧：<a data-fid=\"{c.Model.FidOf(c.Model.BoardOf(root))}\" class=\"p_forum\" href=\"/f?kw={Uri.EscapeDataString(c.Model.BoardOf(root))}\" target=\"_blank\"><font class=\"p_violet\">{Html.Escape(c.Model.BoardOf(root))}</font></a>作者：<a href=\"/home/main?id=tb.1.{Ids.User(n.Post.Author.Id)}\" target=\"_blank\"><font class=\"p_violet\">{Html.Escape(n.Post.Author.Name)}</font></a><font class=\"p_green p_date\">{TimeFormats.TiebaFloor(c.TimeOf(n))}</font></div>");
        }

        sb.Append("</div>");
        var pages = Math.Max(1, (hits.Count + size - 1) / size);
        sb.Append("<div class=\"pager pager-search\">");
        for (var p = 1; p <= pages && hits.Count > 0 && !c.Control.EmptyLists; p++)
        {
            sb.Append(p == page ? $"<span class=\"cur\">{p}</span>" : $"<a href=\"/f/search/res?ie=utf-8&amp;qw={Uri.EscapeDataString(qw)}&amp;pn={p}\">{p}</a>");
        }

        if (page < pages && !c.Control.EmptyLists)
        {
            sb.Append(Inv, $"<a class=\"next\" href=\"/f/search/res?ie=utf-8&amp;qw={Uri.EscapeDataString(qw)}&amp;pn={page + 1}\">下一页&gt;</a>");
        }

        sb.Append("</div>");
        return Page("贴吧搜索_" + Html.Escape(qw), sb.ToString());
    }

    private static string Pager(RenderContext c, int count, int page, int size, Func<int, string> href, string id, string cls, string itemCls)
    {
        var pages = Math.Max(1, (count + size - 1) / size);
        var sb = new StringBuilder();
        sb.Append(Inv, $"<div id=\"{id}\" class=\"{cls}\">");
        if (!c.Control.EmptyLists)
        {
            if (page > 1)
            {
                sb.Append(Inv, $"<a href=\"{href(1)}\" class=\"first {itemCls}\">&lt;&lt;首页</a><a href=\"{href(page - 1)}\" class=\"pre {itemCls}\">&lt;上一页</a>");
            }

            for (var p = Math.Max(1, page - 4); p <= Math.Min(pages, page + 5); p++)
            {
                sb.Append(p == page ? $"<span class=\"{itemCls} current\">{p}</span>" : $"<a href=\"{href(p)}\" class=\" {itemCls}\">{p}</a>");
            }

            if (page < pages)
            {
                sb.Append(Inv, $"<a href=\"{href(page + 1)}\" class=\"next {itemCls}\">下一页&gt;</a><a href=\"{href(pages)}\" class=\"last {itemCls}\">尾页</a>");
            }
        }

        return sb.Append("</div>").ToString();
    }

    public SiteResponse Captcha(RenderContext context) => SiteResponse.Html(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>百度安全验证</title></head><body><div class=\"timeout hide-callback\"><div class=\"timeout-img\"></div>"
        + "<div class=\"timeout-title\">网络不给力，请稍后重试</div></div><div id=\"vcode_box\" class=\"passMod_dialog-wrapper\"><div class=\"vcode-spin\"><div class=\"vcode-spin-title\">安全验证</div>"
        + "<p class=\"vcode-spin-tip\">请完成下方验证后继续操作</p><div class=\"vcode-spin-img\"><img src=\"/private/vcode.png\" alt=\"旋转验证码\"></div>"
        + "<p class=\"vcode-spin-bottom\">拖动左侧滑块使图片为正</p></div></div><form id=\"vcode-form\" action=\"/private/verify\" method=\"post\"><input type=\"hidden\" name=\"ds\" value=\"drill\"></form></body></html>");

    public SiteResponse LoginWall(RenderContext context) => SiteResponse.Html(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>百度帐号登录</title></head><body><div class=\"pass-login-pop\"><h3 class=\"pass-login-title\">帐号登录</h3>"
        + "<p class=\"pass-login-tip\">登录百度帐号后即可浏览贴吧全部内容</p><form id=\"TANGRAM__PSP_4__form\" class=\"pass-form pass-form-normal\" method=\"POST\" action=\"/private/passport/login\">"
        + "<input id=\"TANGRAM__PSP_4__userName\" type=\"text\" name=\"userName\" placeholder=\"手机号/用户名/邮箱\"><input id=\"TANGRAM__PSP_4__password\" type=\"password\" name=\"password\" placeholder=\"密码\">"
        + "<input type=\"submit\" value=\"登录\" class=\"pass-button pass-button-submit\"></form></div></body></html>");

    private static SiteResponse Page(string title, string body) => SiteResponse.Html(
        "<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge,chrome=1\"><title>" + title + "</title></head>"
        + "<body><div id=\"com_userbar\" class=\"userbar\"></div><div class=\"wrap1\"><div class=\"wrap2\"><div id=\"container\" class=\"content clearfix\"><div id=\"content\" class=\"content\">"
        + body + "</div></div></div></div><div class=\"footer\">©2026 Baidu 贴吧协议</div></body></html>");
}
