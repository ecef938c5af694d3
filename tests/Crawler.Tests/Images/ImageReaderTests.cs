using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Images;
using SentimentWatch.Crawler.Images;
using SentimentWatch.Crawler.Tests.EndToEnd;
using SentimentWatch.DrillSites;
using SentimentWatch.DrillSites.Pipeline;
using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.Crawler.Tests.Images;

/// <summary>
/// The image reader against a drill Tieba on loopback, with the real fetcher, SQLite store, tesseract and ZXing: posts
/// are stored before their images are read; the images' text adds a post version for the classifier; hostile images end
/// with a reason and the reader goes on.
/// </summary>
public sealed class ImageReaderTests : IAsyncDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sw-img-" + Guid.NewGuid().ToString("N"));
    private DrillHarness? _harness;

    private static ScenarioPost Thread(string id, string text, params string[] images) => new()
    {
        Id = id,
        Site = DrillSite.Tieba,
        Author = new ScenarioAuthor("2024" + id.Length, "作者" + id),
        Title = "标题" + id,
        Text = text,
        At = 0,
        Images = images,
    };

    [Fact]
    public async Task RunOnceAsync_DrillThreadsWithPictures_TextReadHostileRefusedAndVersionQueued()
    {
        _harness = await DrillHarness.StartAsync(
            new DrillScenario([Thread("a1", "看图", "card.png"), Thread("a2", "几张图", "huge.png", "notimage.png", "bomb.png"), Thread("a3", "没有图")]),
            settings: new Dictionary<string, string?> { ["Paths:Data"] = _data, ["Crawler:Images:MaxAttempts"] = "2", ["Outbound:AllowLoopback"] = "true" });
        var report = await _harness.RunAsync("drill-tieba");
        Assert.Empty(report.Failures);
        var store = _harness.Services.GetRequiredService<IPostImageStore>();
        var card = await _harness.Posts.FindPostAsync("drill-tieba", _harness.Drill.PlatformIdOf("a1").ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.NotNull(card);
        Assert.Equal(1, card.Version); // stored and in the change stream before any image is read

        var reader = ActivatorUtilities.CreateInstance<ImageReader>(_harness.Services);
        while (await reader.RunOnceAsync(CancellationToken.None) > 0)
        {
        }

        var cardImages = await store.GetForPostAsync(card.Id, CancellationToken.None);
        var read = Assert.Single(cardImages);
        Assert.Equal(PostImageState.Analysed, read.State);
        Assert.Contains("fk_yuanti2026", read.OcrText, StringComparison.Ordinal);
        Assert.True(File.Exists(_harness.Services.GetRequiredService<ImageFiles>().PathOf(read.Sha256!)));
        var versions = await _harness.Posts.GetPostVersionsAsync(card.Id, CancellationToken.None);
        Assert.Equal(2, versions[^1].Version);
        Assert.Equal(versions[0].Text, versions[^1].Text);
        var changes = await _harness.Posts.GetChangesAfterAsync(0, 100, CancellationToken.None);
        Assert.Contains(changes, c => c.Post.Id == card.Id && c.Post.Version == 2);
        var text = (await store.GetTextAsync([card.Id], CancellationToken.None))[card.Id];
        Assert.Contains(ImageTextMarkers.Ocr, text.ToClassifiedText(), StringComparison.Ordinal);

        var hostile = await _harness.Posts.FindPostAsync("drill-tieba", _harness.Drill.PlatformIdOf("a2").ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        var bad = await store.GetForPostAsync(hostile!.Id, CancellationToken.None);
        Assert.Equal(3, bad.Count);
        Assert.All(bad, i => Assert.NotEqual(PostImageState.Pending, i.State));
        Assert.Contains(bad, i => i.Url.AbsolutePath.EndsWith("huge.png", StringComparison.Ordinal) && i.State == PostImageState.Skipped && i.Reason!.Contains("larger than", StringComparison.Ordinal));
        Assert.Contains(bad, i => i.Url.AbsolutePath.EndsWith("notimage.png", StringComparison.Ordinal) && i.Reason!.Contains("not an image", StringComparison.Ordinal));
        Assert.Contains(bad, i => i.Url.AbsolutePath.EndsWith("bomb.png", StringComparison.Ordinal) && i.Reason!.Contains("decompression bomb", StringComparison.Ordinal));
        Assert.Equal(1, (await _harness.Posts.GetPostVersionsAsync(hostile.Id, CancellationToken.None))[^1].Version); // nothing read, no new version
    }

    [Fact]
    public async Task RunOnceAsync_ImageGone_FailedAfterItsAttemptsAndPostUntouched()
    {
        _harness = await DrillHarness.StartAsync(
            new DrillScenario([Thread("b1", "看图", "card.png")]),
            settings: new Dictionary<string, string?> { ["Paths:Data"] = _data, ["Crawler:Images:MaxAttempts"] = "2", ["Outbound:AllowLoopback"] = "true" });
        await _harness.RunAsync("drill-tieba");
        _harness.Drill.Control(DrillSite.Tieba).FailPath = DrillImages.PathPrefix + "card.png";
        var reader = ActivatorUtilities.CreateInstance<ImageReader>(_harness.Services);

        Assert.Equal(1, await reader.RunOnceAsync(CancellationToken.None));
        Assert.Equal(1, await reader.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await reader.RunOnceAsync(CancellationToken.None));

        var post = await _harness.Posts.FindPostAsync("drill-tieba", _harness.Drill.PlatformIdOf("b1").ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        var image = Assert.Single(await _harness.Services.GetRequiredService<IPostImageStore>().GetForPostAsync(post!.Id, CancellationToken.None));
        Assert.Equal(PostImageState.Failed, image.State);
        Assert.Equal(2, image.Attempts);
        Assert.Contains("500", image.Reason, StringComparison.Ordinal);
        Assert.Equal(1, post.Version);
    }

    public async ValueTask DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
