using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.DrillSites.Tests.Support;

/// <summary>A drill server on a fake clock plus an HTTP client, for one test.</summary>
internal sealed class Drill : IAsyncDisposable
{
    /// <summary>Scenario start: 2024-09-14 10:00 Beijing time.</summary>
    public static readonly DateTimeOffset Start = new(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);

    private Drill(DrillServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    static Drill() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding(936);

    public DrillServer Server { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<Drill> StartAsync(DrillScenario? scenario = null, DrillPageSizes? sizes = null, double speed = 1)
    {
        var time = new FakeTimeProvider(Start);
        var server = await DrillServer.StartAsync(new DrillOptions
        {
            Scenario = scenario ?? DrillScenario.Demo(),
            TimeProvider = time,
            Speed = speed,
            PageSizes = sizes ?? new DrillPageSizes(),
        }, CancellationToken.None);
        return new Drill(server, time);
    }

    /// <summary>Moves the fake clock to a scenario second (speed 1).</summary>
    public void At(double scenarioSeconds) => Time.SetUtcNow(Start + TimeSpan.FromSeconds(scenarioSeconds));

    public Uri Url(DrillSite site, string relative) => new(Server.BaseUri(site), relative);

    public async Task<HttpResponseMessage> GetAsync(DrillSite site, string relative, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(site, relative));
        configure?.Invoke(request);
        return await Http.SendAsync(request, CancellationToken.None);
    }

    public async Task<(HttpStatusCode Status, string Text, HttpResponseMessage Response)> TextAsync(DrillSite site, string relative, Encoding? encoding = null)
    {
        var response = await GetAsync(site, relative);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, (encoding ?? Encoding.UTF8).GetString(bytes), response);
    }

    public async Task<IDocument> HtmlAsync(DrillSite site, string relative)
    {
        var (status, text, _) = await TextAsync(site, relative, site == DrillSite.Discuz ? Gbk : Encoding.UTF8);
        Assert.Equal(HttpStatusCode.OK, status);
        return await new HtmlParser().ParseDocumentAsync(text);
    }

    public async Task<System.Text.Json.JsonElement> JsonAsync(DrillSite site, string relative)
    {
        var (status, text, _) = await TextAsync(site, relative);
        Assert.Equal(HttpStatusCode.OK, status);
        return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Small scenario builders.</summary>
internal static class Some
{
    public static ScenarioAuthor Author(string id = "1001", string name = "考生甲", long followers = 10) => new(id, name, followers);

    public static ScenarioPost Root(DrillSite site, string id, double at = 0, string? title = null, string text = "正文内容", double? deletedAt = null, string? board = null) => new()
    {
        Id = id,
        Site = site,
        Title = site == DrillSite.Weibo ? null : title ?? "标题" + id,
        Text = text,
        At = at,
        DeletedAt = deletedAt,
        Author = Author(),
        Board = board,
    };

    public static ScenarioPost Reply(DrillSite site, string id, string parent, double at = 0, string text = "回复内容", double? deletedAt = null, string author = "考生乙") => new()
    {
        Id = id,
        Site = site,
        Parent = parent,
        Text = text,
        At = at,
        DeletedAt = deletedAt,
        Author = new ScenarioAuthor("2002", author, 5),
    };

    public static DrillScenario Scenario(params ScenarioPost[] posts) => new(posts);
}
