using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Tests.Fetching.Support;

namespace SentimentWatch.Crawler.Tests.Fetching;

public sealed class InMemoryUrlValidatorStoreTests
{
    [Fact]
    public async Task SaveAsync_ValidatorsFromOneFetch_MakeTheNextFetchNotModified()
    {
        const string etag = "W/\"thread-88-r3\"";
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            if (c.Request.Headers.IfNoneMatch == etag)
            {
                c.Response.StatusCode = 304;
                return;
            }

            c.Response.Headers.ETag = etag;
            c.Response.Headers.LastModified = "Sat, 14 Sep 2024 02:00:00 GMT";
            await c.Response.WriteAsync("thread 88");
        });
        using var harness = FetcherHarness.Create();
        var store = harness.Services.GetRequiredService<IUrlValidatorStore>();
        var url = server.Url("/thread/88");

        var first = await harness.Fetcher.FetchAsync(Some.Request(url).WithValidators(await store.GetAsync(url, CancellationToken.None)), CancellationToken.None);
        await store.SaveAsync(UrlValidators.FromExchange(first.Exchange!)!, CancellationToken.None);
        var second = await harness.Fetcher.FetchAsync(Some.Request(url).WithValidators(await store.GetAsync(url, CancellationToken.None)), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, first.Outcome);
        Assert.Equal(FetchOutcome.NotModified, second.Outcome);
        var saved = await store.GetAsync(url, CancellationToken.None);
        Assert.Equal(etag, saved!.ETag);
        Assert.Equal("Sat, 14 Sep 2024 02:00:00 GMT", saved.LastModified);
    }

    [Fact]
    public async Task RemoveAsync_SavedUrl_Forgotten()
    {
        var store = new InMemoryUrlValidatorStore();
        var url = new Uri("http://bbs.example.cn/thread-1-1-1.html");
        await store.SaveAsync(new UrlValidators(url, "\"a\"", null, DateTimeOffset.UnixEpoch), CancellationToken.None);

        await store.RemoveAsync(url, CancellationToken.None);

        Assert.Null(await store.GetAsync(url, CancellationToken.None));
    }

    [Fact]
    public async Task SaveAsync_BeyondCapacity_DropsTheOldest()
    {
        const int capacity = 50;
        var store = new InMemoryUrlValidatorStore(capacity);
        for (var i = 0; i <= capacity; i++)
        {
            await store.SaveAsync(new UrlValidators(new Uri($"http://x.example.cn/p/{i}"), "\"e\"", null, DateTimeOffset.UnixEpoch.AddSeconds(i)), CancellationToken.None);
        }

        Assert.Null(await store.GetAsync(new Uri("http://x.example.cn/p/0"), CancellationToken.None));
        Assert.NotNull(await store.GetAsync(new Uri($"http://x.example.cn/p/{capacity}"), CancellationToken.None));
    }
}
