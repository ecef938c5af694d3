using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Images;
using SentimentWatch.DutyConsole.Security;
using SentimentWatch.DutyConsole.Tests.Support;
using SentimentWatch.Storage;

namespace SentimentWatch.DutyConsole.Tests;

public sealed class IncidentImagesAndTakedownsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task PostImages_ShowWithOcrAndQrAsInertText_ServedOnlyAsCheckedRasterToThoseWhoMaySeeTheIncident()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("yanpan", Roles.Commentator);
        var police = await console.AddUserAsync("gongan", Roles.PoliceLiaison);
        var (incident, _, post) = await console.SeedAsync("出售答案，看图加微信", IncidentLevel.II);
        const string HostileOcr = "<img src=x onerror=alert('ocr')>加V：fk2024 \u202Egnp.exe";
        const string HostileQr = "javascript:alert('qr')";
        var png = await AddImageAsync(console, post, 1, "http://127.0.0.1/img/\"><script>alert('name')</script>.png", "image/png", Png, HostileOcr, HostileQr);
        var svg = await AddImageAsync(console, post, 2, "http://127.0.0.1/img/a.svg", "image/svg+xml",
            "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"u8.ToArray(), null, null);
        var lying = await AddImageAsync(console, post, 3, "http://127.0.0.1/img/b.png", "image/png", "<html><script>alert('html')</script></html>"u8.ToArray(), null, null);

        var dialogs = new List<string>();
        var page = await browser.Browser.SignInAsync(console.Address, "yanpan", password, dialogs);
        await page.GotoAsync($"/incident/{incident}");
        var figure = page.Locator($"#image-{png}");
        Assert.Equal(HostileOcr, await figure.Locator("pre.ocr").InnerTextAsync());
        Assert.Equal(HostileQr, await figure.Locator("pre.qr").InnerTextAsync());
        Assert.Equal(0, await figure.Locator("a").CountAsync());
        // The picture loaded through the checked endpoint; the SVG and the HTML dressed as PNG are not offered as pictures.
        await page.WaitForFunctionAsync($"() => document.querySelector('#image-{png} img').complete");
        Assert.Equal(1, await page.EvaluateAsync<int>($"() => document.querySelector('#image-{png} img').naturalWidth"));
        Assert.Equal(0, await page.Locator($"#image-{svg} img").CountAsync());
        Assert.Equal(1, await page.Locator($"#image-{lying} img").CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>($"() => document.querySelector('#image-{lying} img').naturalWidth"));

        // The copy page shows the same images.
        await page.GotoAsync($"/incident/{incident}/post/{post}");
        Assert.Equal(HostileOcr, await page.Locator($"#image-{png} pre.ocr").InnerTextAsync());
        Assert.Empty(dialogs);

        var ok = await page.APIRequest.GetAsync($"/incident/{incident}/post/{post}?handler=Image&image={png}");
        Assert.Equal(200, ok.Status);
        Assert.Equal("image/png", ok.Headers["content-type"]);
        Assert.Equal("nosniff", ok.Headers["x-content-type-options"]);
        Assert.Contains($"filename=post-{post}-image-{png}.png", ok.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal(Png, await ok.BodyAsync());
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/incident/{incident}/post/{post}?handler=Image&image={svg}")).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/incident/{incident}/post/{post}?handler=Image&image={lying}")).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/incident/{incident + 1}/post/{post}?handler=Image&image={png}")).Status);
        Assert.Contains(await console.AuditAsync(), e => e is { Action: "view_image", Outcome: "refused" } && e.Detail.Contains("bytes are not image/png", StringComparison.Ordinal));

        // A stored file changed after it was read no longer matches its hash: refused.
        await File.WriteAllBytesAsync(ImageContent.PathOf(console.Get<IOptions<PathsOptions>>().Value, Hash(Png)), [.. Png, 0]);
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/incident/{incident}/post/{post}?handler=Image&image={png}")).Status);

        // The police liaison does not see an incident that was not shared with the police, nor its images.
        var liaison = await browser.Browser.SignInAsync(console.Address, "gongan", police);
        Assert.Equal(404, (await liaison.APIRequest.GetAsync($"/incident/{incident}/post/{post}?handler=Image&image={png}")).Status);
    }

    [Fact]
    public async Task IncidentPage_ShowsTakedownState_OverdueRemovedAndLastCheck()
    {
        await using var console = await ConsoleHarness.StartAsync();
        var password = await console.AddUserAsync("banzhang", Roles.DutyLeader);
        var (incident, _, post) = await console.SeedAsync("出售答案 加QQ", IncidentLevel.II);
        var (_, _, other) = await console.SeedAsync("另一事件的帖子", IncidentLevel.IV, Labels.Complaint);
        var takedowns = console.Get<ITakedownStore>();
        var now = DateTimeOffset.UtcNow;
        var overdue = await takedowns.AddAsync(post, new Uri("http://127.0.0.1/weibo/overdue"), now.AddDays(-2), now.AddDays(-1), "值班长甲", "<b>请删除</b>", CancellationToken.None);
        await takedowns.RecordCheckAsync(new TakedownCheck(overdue, now.AddHours(-1), TakedownObservation.StillOnline, "ev-still-online", "page still shows the post"), CancellationToken.None);
        var removed = await takedowns.AddAsync(post, new Uri("http://127.0.0.1/weibo/removed"), now.AddDays(-1), now.AddDays(1), "值班长甲", null, CancellationToken.None);
        await takedowns.RecordCheckAsync(new TakedownCheck(removed, now.AddMinutes(-5), TakedownObservation.Removed, "ev-removed", "HTTP 404"), CancellationToken.None);
        var elsewhere = await takedowns.AddAsync(other, new Uri("http://127.0.0.1/weibo/other"), now, now.AddDays(1), "值班长甲", null, CancellationToken.None);

        var dialogs = new List<string>();
        var page = await browser.Browser.SignInAsync(console.Address, "banzhang", password, dialogs);
        await page.GotoAsync($"/incident/{incident}");

        var rows = page.Locator("#takedowns tr.takedown");
        Assert.Equal(2, await rows.CountAsync());
        var late = rows.Filter(new() { HasText = "#" + overdue });
        Assert.Contains("超期仍在线", await late.Locator("td.state").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("ev-still-online", await late.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("<b>请删除</b>", await late.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("overdue", await late.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Contains("已删除", await rows.Filter(new() { HasText = "#" + removed }).Locator("td.state").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await rows.Filter(new() { HasText = "#" + elsewhere }).CountAsync());
        Assert.Empty(dialogs);
    }

    private static async Task<long> AddImageAsync(ConsoleHarness console, long post, int ordinal, string url, string type, byte[] bytes, string? ocr, string? qr)
    {
        var sha = Hash(bytes);
        var path = ImageContent.PathOf(console.Get<IOptions<PathsOptions>>().Value, sha);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
        // The image reader's result as it stores it (post_images, migration 0112).
        await using var connection = await console.Get<SqliteDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO post_images (post_id, ordinal, url, state, sha256, media_type, bytes, width, height, ocr_text, qr_payloads, found_at, done_at) " +
            "VALUES ($post, $ordinal, $url, 'analysed', $sha, $type, $bytes, 1, 1, $ocr, $qr, '2024-09-14T01:00:00.0000000Z', '2024-09-14T01:01:00.0000000Z') RETURNING id";
        command.Parameters.AddWithValue("$post", post);
        command.Parameters.AddWithValue("$ordinal", ordinal);
        command.Parameters.AddWithValue("$url", url);
        command.Parameters.AddWithValue("$sha", sha);
        command.Parameters.AddWithValue("$type", type);
        command.Parameters.AddWithValue("$bytes", bytes.Length);
        command.Parameters.AddWithValue("$ocr", (object?)ocr ?? DBNull.Value);
        command.Parameters.AddWithValue("$qr", System.Text.Json.JsonSerializer.Serialize(qr is null ? Array.Empty<string>() : [qr]));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
