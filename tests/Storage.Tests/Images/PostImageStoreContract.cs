using SentimentWatch.Core.Images;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Tests.Contracts;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests.Images;

/// <summary>The <see cref="IPostImageStore"/> contract on every provider: pending on commit, results, the image-text version.</summary>
public abstract class PostImageStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task ImagesOfAPost_PendingThenRead_LastResultAddsAnImageTextVersionToTheFeed()
    {
        var posts = Provider.Posts();
        var images = Provider.Images();
        var png = new Uri("https://tieba.example.cn/img/1.png");
        var jpg = new Uri("https://tieba.example.cn/img/2.jpg");
        var stored = await posts.UpsertPostAsync(Some.Post() with { Images = [png, jpg] }, Some.T0, Ct);
        // Seen again: known images are left as they are.
        await posts.UpsertPostAsync(Some.Post() with { Images = [png, jpg] }, Some.T0.AddMinutes(1), Ct);

        var pending = await images.GetPendingAsync(10, maxAttempts: 3, Ct);
        Assert.Equal([png, jpg], pending.Select(i => i.Url));
        Assert.All(pending, i => Assert.Equal(stored.PostId, i.PostId));

        var first = await images.SaveResultAsync(pending[0].Id, new PostImageResult(PostImageState.Analysed, null, "ab", "image/png", 10, 20, 30, "加V信 abc123", []), Some.T0.AddMinutes(2), Ct);
        Assert.Null(first); // one image still pending: no new version yet
        var last = await images.SaveResultAsync(pending[1].Id, new PostImageResult(PostImageState.Analysed, null, "cd", "image/jpeg", 11, 21, 31, null, ["https://u.wechat.com/x"]), Some.T0.AddMinutes(3), Ct);
        Assert.Equal(2, last);
        Assert.Null(await images.SaveResultAsync(pending[1].Id, new PostImageResult(PostImageState.Analysed, null, "cd", "image/jpeg", 11, 21, 31, null, []), Some.T0.AddMinutes(4), Ct));

        Assert.Empty(await images.GetPendingAsync(10, 3, Ct));
        var read = await images.GetForPostAsync(stored.PostId, Ct);
        Assert.Equal([PostImageState.Analysed, PostImageState.Analysed], read.Select(i => i.State));
        Assert.Equal(Some.T0.AddMinutes(3), read[1].DoneAtUtc);
        var text = (await images.GetTextAsync([stored.PostId, 999], Ct))[stored.PostId];
        Assert.Equal(["加V信 abc123"], text.OcrTexts);
        Assert.Equal(["https://u.wechat.com/x"], text.QrPayloads);
        var feed = await posts.GetChangesAfterAsync(0, 10, Ct);
        Assert.Equal([1, 2], feed.Select(c => c.Post.Version));
    }

    [Fact]
    public async Task CommitPage_ImagesOfSeveralPosts_OnePendingRowPerPostAndUrl_InPageOrder()
    {
        var posts = Provider.Posts();
        var images = Provider.Images();
        var a = new Uri("https://tieba.example.cn/img/a.png");
        var b = new Uri("https://tieba.example.cn/img/b.png");
        var results = await posts.CommitPageAsync(
        [
            Some.Post("1") with { Images = [a, b, a] },
            Some.Post("2", text: "二") with { Images = [b] },
            Some.Post("1") with { Images = [b, a] },
        ], Some.T0, "tieba-fakao", null, Ct);

        var pending = await images.GetPendingAsync(10, maxAttempts: 3, Ct);
        Assert.Equal([(results[0].PostId, a), (results[0].PostId, b), (results[1].PostId, b)], pending.Select(i => (i.PostId, i.Url)));
    }

    [Fact]
    public async Task RecordAttempt_UpToTheLimit_ThenFailed()
    {
        var posts = Provider.Posts();
        var images = Provider.Images();
        await posts.UpsertPostAsync(Some.Post() with { Images = [new Uri("https://tieba.example.cn/img/1.png")] }, Some.T0, Ct);
        var image = Assert.Single(await images.GetPendingAsync(10, 2, Ct));

        await images.RecordAttemptAsync(image.Id, "timeout", 2, Some.T0.AddMinutes(1), Ct);
        Assert.Single(await images.GetPendingAsync(10, 2, Ct));
        await images.RecordAttemptAsync(image.Id, "timeout", 2, Some.T0.AddMinutes(2), Ct);

        Assert.Empty(await images.GetPendingAsync(10, 2, Ct));
        var failed = Assert.Single(await images.GetForPostAsync(image.PostId, Ct));
        Assert.Equal(PostImageState.Failed, failed.State);
        Assert.Equal(2, failed.Attempts);
    }
}
