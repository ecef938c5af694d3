using System.Globalization;
using System.Net;
using System.Xml.Linq;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Sites;

public sealed class FeedSiteTests
{
    private static async Task<Drill> StartAsync() => await Drill.StartAsync(Some.Scenario(
        Some.Root(DrillSite.Feeds, "i1", at: 0, title: "报名须知", text: "报名流程"),
        Some.Root(DrillSite.Feeds, "i2", at: 60, title: "推广：内部答案", deletedAt: 120),
        Some.Root(DrillSite.Feeds, "i3", at: 90, title: "辟谣：不会延期")));

    [Fact]
    public async Task Rss_Items_NewestFirstWithRfc822Dates()
    {
        await using var d = await StartAsync();
        d.At(100);
        var (status, text, response) = await d.TextAsync(DrillSite.Feeds, "rss.xml");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        var items = XDocument.Parse(text).Root!.Element("channel")!.Elements("item").ToList();
        Assert.Equal(["辟谣：不会延期", "推广：内部答案", "报名须知"], items.Select(i => i.Element("title")!.Value));
        Assert.Equal("Sat, 14 Sep 2024 10:01:30 +0800", items[0].Element("pubDate")!.Value);
        Assert.Equal(d.Server.UrlOf("i3"), new Uri(items[0].Element("link")!.Value));
        Assert.Equal("考生甲", items[0].Element(XName.Get("creator", "http://purl.org/dc/elements/1.1/"))!.Value);
    }

    [Fact]
    public async Task Atom_Entries_Rfc3339AndDeletionRemovesEntry()
    {
        await using var d = await StartAsync();
        d.At(130);
        var (_, text, _) = await d.TextAsync(DrillSite.Feeds, "atom.xml");

        XNamespace a = "http://www.w3.org/2005/Atom";
        var entries = XDocument.Parse(text).Root!.Elements(a + "entry").ToList();
        Assert.Equal(["辟谣：不会延期", "报名须知"], entries.Select(e => e.Element(a + "title")!.Value));
        Assert.Equal(DateTimeOffset.Parse("2024-09-14T10:01:30+08:00", CultureInfo.InvariantCulture), DateTimeOffset.Parse(entries[0].Element(a + "published")!.Value, CultureInfo.InvariantCulture));
        var (status, _, _) = await d.TextAsync(DrillSite.Feeds, d.Server.UrlOf("i2").PathAndQuery.TrimStart('/'));
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task ItemPage_Visible_ShowsEntry()
    {
        await using var d = await StartAsync();
        d.At(100);
        var doc = await d.HtmlAsync(DrillSite.Feeds, d.Server.UrlOf("i1").PathAndQuery.TrimStart('/'));

        Assert.Equal("报名须知", doc.QuerySelector("h1.entry-title")!.TextContent);
        Assert.Equal("2024-09-14T10:00:00+08:00", doc.QuerySelector("time")!.GetAttribute("datetime"));
    }
}
