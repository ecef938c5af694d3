using System.Net;
using System.Text;
using SentimentWatch.DrillSites.Tests.Support;

namespace SentimentWatch.DrillSites.Tests.Pipeline;

public sealed class FaultsTests
{
    [Fact]
    public async Task HugePage_Requested_Streams20MegabytesOfHtml()
    {
        await using var d = await Drill.StartAsync(Some.Scenario());
        using var response = await d.Http.GetAsync(d.Server.FaultUri(DrillSite.News, DrillFault.HugePage), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer)) > 0)
        {
            total += n;
        }

        Assert.Equal(20L * 1024 * 1024, response.Content.Headers.ContentLength);
        Assert.Equal(20L * 1024 * 1024, total);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task RedirectLoop_Followed_NeverEnds()
    {
        await using var d = await Drill.StartAsync(Some.Scenario());
        var uri = d.Server.FaultUri(DrillSite.Tieba, DrillFault.RedirectLoop);
        var seen = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await d.Http.GetAsync(uri);
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            uri = new Uri(uri, response.Headers.Location!);
            seen.Add(uri.AbsolutePath);
        }

        Assert.Equal(["/_drill/fault/redirect-loop2", "/_drill/fault/redirect-loop"], seen.Distinct());
    }

    [Fact]
    public async Task Hang_ClientCancels_RequestAbandonedAndServerStillServes()
    {
        await using var d = await Drill.StartAsync(Some.Scenario());
        using var cts = new CancellationTokenSource();
        var pending = d.Http.GetAsync(d.Server.FaultUri(DrillSite.Weibo, DrillFault.Hang), cts.Token);
        await WaitUntilAsync(() => d.Server.ArrivedRequests(DrillSite.Weibo) == 1);
        Assert.False(pending.IsCompleted);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Equal(HttpStatusCode.OK, (await d.GetAsync(DrillSite.Weibo, "robots.txt")).StatusCode);
    }

    [Fact]
    public async Task Hang_ServerStops_HangingRequestReleased()
    {
        var d = await Drill.StartAsync(Some.Scenario());
        var pending = d.Http.GetAsync(d.Server.FaultUri(DrillSite.Feeds, DrillFault.Hang));
        await WaitUntilAsync(() => d.Server.ArrivedRequests(DrillSite.Feeds) == 1);

        await d.Server.DisposeAsync();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pending);
        d.Http.Dispose();
    }

    [Fact]
    public async Task NotHtml_Requested_PngBody()
    {
        await using var d = await Drill.StartAsync(Some.Scenario());
        using var response = await d.Http.GetAsync(d.Server.FaultUri(DrillSite.Discuz, DrillFault.NotHtml));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public async Task WrongCharset_Requested_GbkBytesLabelledUtf8()
    {
        await using var d = await Drill.StartAsync(Some.Scenario());
        using var response = await d.Http.GetAsync(d.Server.FaultUri(DrillSite.Tieba, DrillFault.WrongCharset));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("utf-8", response.Content.Headers.ContentType!.CharSet);
        Assert.Contains("客观题成绩什么时候公布", Drill.Gbk.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains('\uFFFD', Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task ServerError_Requested_500()
    {
        await using var d = await Drill.StartAsync(Some.Scenario());
        using var response = await d.Http.GetAsync(d.Server.FaultUri(DrillSite.News, DrillFault.ServerError));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    /// <summary>Waits for a server-side condition; bounded so a broken server fails the test instead of hanging it.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, limit.Token);
        }
    }
}
