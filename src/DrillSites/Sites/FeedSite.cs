using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>A bulletin site publishing the same items as RSS 2.0 (<c>/rss.xml</c>) and Atom (<c>/atom.xml</c>), each item with an HTML page.</summary>
internal sealed class FeedSite : ISiteRenderer
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const string SiteName = "法考资讯速递";

    public DrillSite Site => DrillSite.Feeds;

    public string Robots => "User-agent: *\nDisallow: /private/\n";

    public SiteResponse? Render(RenderContext c)
    {
        switch (c.Path)
        {
            case "/rss.xml":
                return Rss(c);
            case "/atom.xml":
                return Atom(c);
            case "/":
                return SiteResponse.Html($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{SiteName}</title><link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/rss.xml\"><link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"/atom.xml\"></head><body><h1>{SiteName}</h1></body></html>");
        }

        if (c.Path.StartsWith("/item/", StringComparison.Ordinal) && c.Path.EndsWith(".html", StringComparison.Ordinal)
            && long.TryParse(c.Path.AsSpan(6, c.Path.Length - 11), NumberStyles.None, Inv, out var id))
        {
            var node = c.Model.RootById(id);
            if (node is null || !node.Visible(c.T))
            {
                return null;
            }

            var body = new StringBuilder();
            foreach (var para in node.TextAt(c.T).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                body.Append("<p>").Append(Html.Escape(para)).Append("</p>");
            }

            return SiteResponse.Html($"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{Html.Escape(node.TitleAt(c.T))} - {SiteName}</title></head><body><article class=\"entry\"><h1 class=\"entry-title\">{Html.Escape(node.TitleAt(c.T))}</h1><p class=\"entry-meta\"><span class=\"entry-author\">{Html.Escape(node.Post.Author.Name)}</span> <time datetime=\"{TimeFormats.Rfc3339(c.TimeOf(node))}\">{TimeFormats.News(c.TimeOf(node))}</time></p><div class=\"entry-content\">{body}</div></article></body></html>");
        }

        return null;
    }

    private static IReadOnlyList<PostNode> Items(RenderContext c)
    {
        c.ListPage = 1;
        return c.Control.EmptyLists ? [] : c.View.ByPublication.Take(c.Sizes.FeedItems).ToList();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Rss(RenderContext c)
    {
        var items = Items(c);
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            w.WriteStartElement("rss");
            w.WriteAttributeString("version", "2.0");
            w.WriteAttributeString("xmlns", "dc", null, "http://purl.org/dc/elements/1.1/");
            w.WriteStartElement("channel");
            w.WriteElementString("title", SiteName);
            w.WriteElementString("link", c.BaseUri.ToString());
            w.WriteElementString("description", "国家统一法律职业资格考试资讯、通知与考生动态");
            w.WriteElementString("language", "zh-cn");
            w.WriteElementString("lastBuildDate", TimeFormats.Rfc822(items.Count > 0 ? c.TimeOf(items[0]) : c.Model.Clock.Start));
            foreach (var n in items)
            {
                w.WriteStartElement("item");
                w.WriteElementString("title", n.TitleAt(c.T));
                w.WriteElementString("link", new Uri(c.BaseUri, $"item/{n.PlatformId}.html").ToString());
                w.WriteStartElement("guid");
                w.WriteAttributeString("isPermaLink", "false");
                w.WriteString(string.Create(Inv, $"drill-feed-{n.PlatformId}"));
                w.WriteEndElement();
                w.WriteElementString("dc", "creator", null, n.Post.Author.Name);
                w.WriteElementString("pubDate", TimeFormats.Rfc822(c.TimeOf(n)));
                w.WriteStartElement("description");
                w.WriteCData(Html.Text(n.TextAt(c.T)));
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return SiteResponse.Xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb, "application/rss+xml");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static SiteResponse Atom(RenderContext c)
    {
        const string ns = "http://www.w3.org/2005/Atom";
        var items = Items(c);
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true }))
        {
            w.WriteStartElement("feed", ns);
            w.WriteElementString("title", ns, SiteName);
            w.WriteElementString("id", ns, "urn:drill:feeds");
            w.WriteElementString("updated", ns, TimeFormats.Rfc3339(items.Count > 0 ? c.TimeOf(items[0]) : c.Model.Clock.Start));
            w.WriteStartElement("link", ns);
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("href", new Uri(c.BaseUri, "atom.xml").ToString());
            w.WriteEndElement();
            foreach (var n in items)
            {
                w.WriteStartElement("entry", ns);
                w.WriteElementString("title", ns, n.TitleAt(c.T));
                w.WriteStartElement("link", ns);
                w.WriteAttributeString("rel", "alternate");
                w.WriteAttributeString("href", new Uri(c.BaseUri, $"item/{n.PlatformId}.html").ToString());
                w.WriteEndElement();
                w.WriteElementString("id", ns, string.Create(Inv, $"urn:drill:feeds:{n.PlatformId}"));
                w.WriteElementString("published", ns, TimeFormats.Rfc3339(c.TimeOf(n)));
                w.WriteElementString("updated", ns, TimeFormats.Rfc3339(c.TimeOf(n.EditedAt(c.T) ?? n.Post.At)));
                w.WriteStartElement("author", ns);
                w.WriteElementString("name", ns, n.Post.Author.Name);
                w.WriteEndElement();
                w.WriteStartElement("content", ns);
                w.WriteAttributeString("type", "html");
                w.WriteString(Html.Text(n.TextAt(c.T)));
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return SiteResponse.Xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + sb, "application/atom+xml");
    }

    public SiteResponse Captcha(RenderContext context) => SiteResponse.Html(
        "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body><div class=\"main-wrapper\" role=\"main\"><div class=\"main-content\">"
        + "<h1 class=\"zone-name-title h1\">feeds.drill</h1><h2 class=\"h2\" id=\"challenge-running\">Checking if the site connection is secure</h2><div id=\"challenge-stage\"></div>"
        + "<div id=\"challenge-body-text\" class=\"core-msg spacer\">feeds.drill needs to review the security of your connection before proceeding.</div></div></div></body></html>");

    public SiteResponse LoginWall(RenderContext context) => SiteResponse.Html(
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>会员登录 - {SiteName}</title></head><body><div class=\"login\"><h2>会员登录</h2><p>订阅内容仅对登录会员开放。</p><form action=\"/private/login\" method=\"post\"><input name=\"user\"><input name=\"pass\" type=\"password\"><button>登录</button></form></div></body></html>");
}
