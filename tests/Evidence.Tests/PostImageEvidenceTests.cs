using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.Evidence.Tests;

/// <summary>A post's pictures and what was read from them go into its evidence packet, covered by the seal.</summary>
public sealed class PostImageEvidenceTests(EvidenceServers servers) : IClassFixture<EvidenceServers>
{
    [ToolFact("sha256sum", "openssl")]
    public async Task FreezePost_WithReadAndRefusedImages_PicturesAndTheirTextSealed()
    {
        await using var h = Harness.Create(null);
        var posts = h.Services.GetRequiredService<IPostStore>();
        var images = h.Services.GetRequiredService<IPostImageStore>();
        var url = servers.Site.Url("deleted");
        var crawl = new HttpExchange(url, url, [], "GET", 200, [new("User-Agent", "crawler")], [new("Content-Type", "text/html; charset=utf-8")],
            Encoding.UTF8.GetBytes(TestSite.PostHtml), DateTimeOffset.UtcNow.AddMinutes(-30), TimeSpan.FromMilliseconds(120), "127.0.0.1");
        var exchangeId = await posts.SaveExchangeAsync(crawl, CancellationToken.None);
        var card = new Uri("http://img.example.cn/card.png");
        var bomb = new Uri("http://img.example.cn/bomb.png");
        var written = await posts.UpsertPostAsync(
            new CollectedPost("test-forum", "discuz", "tid-img", url, "tid-img", null, new AuthorInfo("u-9", "资料小铺", null), "看图", "要完整版的看图",
                DateTimeOffset.UtcNow.AddHours(-1), null, Engagement.None, exchangeId) { Images = [card, bomb] },
            DateTimeOffset.UtcNow, CancellationToken.None);
        var pending = await images.GetForPostAsync(written.PostId, CancellationToken.None);
        var bytes = "\u0089PNG fake picture bytes"u8.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var stored = ImageContent.PathOf(h.Services.GetRequiredService<IOptions<PathsOptions>>().Value, sha);
        Directory.CreateDirectory(Path.GetDirectoryName(stored)!);
        await File.WriteAllBytesAsync(stored, bytes);
        await images.SaveResultAsync(pending.Single(i => i.Url == card).Id,
            new PostImageResult(PostImageState.Analysed, null, sha, "image/png", bytes.Length, 640, 360, "加微信: fk_yuanti2026 QQ: 2716049583", ["https://weixin.qq.com/g/AQYA"]),
            DateTimeOffset.UtcNow, CancellationToken.None);
        await images.SaveResultAsync(pending.Single(i => i.Url == bomb).Id,
            new PostImageResult(PostImageState.Skipped, "declares 60000×60000 pixels: a decompression bomb, not decoded", null, "image/png", 312, 60000, 60000, null, []),
            DateTimeOffset.UtcNow, CancellationToken.None);

        var result = await h.Freezer.FreezePostAsync(written.PostId, "ALERT-IMG", "duty-officer", CancellationToken.None);

        Assert.True(result.Sound, string.Join("; ", result.Problems));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(result.PacketPath, "images", sha + ".bin")));
        var list = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(result.PacketPath, "images", "images.json")))!["images"]!.AsArray();
        Assert.Equal(2, list.Count);
        var read = list.Single(n => n!["url"]!.GetValue<string>() == card.AbsoluteUri)!;
        Assert.Contains("fk_yuanti2026", read["ocr_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("https://weixin.qq.com/g/AQYA", read["qr_payloads"]![0]!.GetValue<string>());
        var refused = list.Single(n => n!["url"]!.GetValue<string>() == bomb.AbsoluteUri)!;
        Assert.Equal("skipped", refused["state"]!.GetValue<string>());
        Assert.Null(refused["file"]);
        var verification = await h.Verifier.VerifyAsync(result.PacketPath, new VerificationAnchors(null, null), CancellationToken.None);
        Assert.True(verification.Passed, string.Join("\n", verification.Checks.Where(c => c.Outcome == CheckOutcome.Fail)));
        Assert.Equal(0, PacketTools.Sha256(result.PacketPath).ExitCode);

        // A picture changed after sealing is caught like any other artifact.
        await File.WriteAllBytesAsync(Path.Combine(result.PacketPath, "images", sha + ".bin"), [.. bytes, 0]);
        Assert.False((await h.Verifier.VerifyAsync(result.PacketPath, new VerificationAnchors(null, null), CancellationToken.None)).Passed);
    }
}
