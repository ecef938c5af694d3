using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Tests.Fetching.Support;

namespace SentimentWatch.Crawler.Tests.Fetching;

public sealed class HttpPageFetcherTests
{
    private static readonly Encoding Gbk = CharsetDetector.Gb18030;

    [Fact]
    public async Task FetchAsync_PlainPage_ReturnsTextExchangeUserAgentAndRemoteIp()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync("<html><body>法考答案</body></html>");
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/list?page=1")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Contains("法考答案", result.Text, StringComparison.Ordinal);
        Assert.Equal("utf-8", result.Encoding!.WebName);
        var exchange = Assert.IsType<HttpExchange>(result.Exchange);
        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(server.Url("/list?page=1"), exchange.FinalUrl);
        Assert.Empty(exchange.Redirects);
        Assert.Equal("127.0.0.1", exchange.RemoteIp);
        Assert.Equal("<html><body>法考答案</body></html>", Encoding.UTF8.GetString(exchange.Body));
        var userAgent = server.SeenAt("/list").Single().Headers["User-Agent"];
        Assert.Contains("SentimentWatch/", userAgent, StringComparison.Ordinal);
        Assert.Contains("+https://watch.example.org/crawler", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_LoopbackNotAllowed_FailsWithRuleServerNeverAsked()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c => await c.Response.WriteAsync("<html><body>内部页面</body></html>"));
        using var harness = FetcherHarness.Create(new Dictionary<string, string?> { ["Outbound:AllowLoopback"] = "false" });

        var result = await harness.Fetcher.FetchAsync(Some.Request(new Uri($"http://2130706433:{server.Url("/").Port}/admin")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Contains("loopback", result.Failure!.Reason, StringComparison.Ordinal);
        Assert.Empty(server.SeenAt("/admin"));
    }

    [Fact]
    public async Task FetchAsync_LoopbackAllowedForTheSourceOnly_OtherSourceRefused()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c => await c.Response.WriteAsync("<html><body>演练站点</body></html>"));
        using var harness = FetcherHarness.Create(new Dictionary<string, string?>
        {
            ["Outbound:AllowLoopback"] = "false",
            ["Crawler:Sources:0:Id"] = "drill",
            ["Crawler:Sources:0:Outbound:AllowLoopback"] = "true",
        });

        var other = await harness.Fetcher.FetchAsync(new FetchRequest(server.Url("/p/1"), "other"), CancellationToken.None);
        var own = await harness.Fetcher.FetchAsync(new FetchRequest(server.Url("/p/1"), "drill"), CancellationToken.None);

        Assert.Equal(FetchOutcome.Failed, other.Outcome);
        Assert.Contains("loopback", other.Failure!.Reason, StringComparison.Ordinal);
        Assert.True(own.Outcome == FetchOutcome.Ok, own.Failure?.Reason);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task FetchAsync_DeletedPost_ReturnsGone(int status)
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.StatusCode = status;
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.WriteAsync("该帖已被删除");
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/p/1")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Gone, result.Outcome);
        Assert.Equal(status, result.Exchange!.StatusCode);
        Assert.Equal("该帖已被删除", result.Text);
        Assert.Single(server.SeenAt("/p/1"));
    }

    [Fact]
    public async Task FetchAsync_ConditionalValidatorsStillCurrent_ReturnsNotModified()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            if (c.Request.Headers.IfNoneMatch == "\"v7\"" && c.Request.Headers.IfModifiedSince == "Sat, 14 Sep 2024 02:00:00 GMT")
            {
                c.Response.StatusCode = 304;
                return;
            }

            c.Response.Headers.ETag = "\"v7\"";
            await c.Response.WriteAsync("fresh");
        });
        using var harness = FetcherHarness.Create();
        var request = Some.Request(server.Url("/feed")) with
        {
            ConditionalETag = "\"v7\"",
            ConditionalLastModified = "Sat, 14 Sep 2024 02:00:00 GMT",
        };

        var conditional = await harness.Fetcher.FetchAsync(request, CancellationToken.None);
        var plain = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/feed")), CancellationToken.None);

        Assert.Equal(FetchOutcome.NotModified, conditional.Outcome);
        Assert.Equal(304, conditional.Exchange!.StatusCode);
        Assert.Null(conditional.Text);
        Assert.Equal(FetchOutcome.Ok, plain.Outcome);
        Assert.Equal("\"v7\"", plain.Exchange!.Header("ETag"));
    }

    [Fact]
    public async Task FetchAsync_RedirectChain_RecordsEveryHop()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            switch (c.Request.Path.Value)
            {
                case "/a":
                    c.Response.Redirect("/b", permanent: true);
                    break;
                case "/b":
                    c.Response.StatusCode = 302;
                    c.Response.Headers.Location = "c?x=1";
                    break;
                default:
                    await c.Response.WriteAsync("arrived");
                    break;
            }
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/a")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal("arrived", result.Text);
        Assert.Equal(server.Url("/a"), result.Exchange!.RequestUrl);
        Assert.Equal(server.Url("/c?x=1"), result.Exchange.FinalUrl);
        Assert.Equal([server.Url("/b"), server.Url("/c?x=1")], result.Exchange.Redirects);
    }

    [Fact]
    public async Task FetchAsync_RedirectLoop_FailsTooManyRedirects()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c =>
        {
            c.Response.Redirect(c.Request.Path == "/x" ? "/y" : "/x");
            return Task.CompletedTask;
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/x")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(SourceFailureKind.TooManyRedirects, result.Failure!.Kind);
        Assert.Contains("redirect loop", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Equal(server.Url("/y"), result.Failure.Url);
        Assert.Equal(2, server.Seen.Count(r => r.Path is "/x" or "/y"));
    }

    [Fact]
    public async Task FetchAsync_RedirectChainLongerThanCap_FailsTooManyRedirects()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c =>
        {
            var n = int.Parse(c.Request.Path.Value!.TrimStart('/'), System.Globalization.CultureInfo.InvariantCulture);
            c.Response.Redirect($"/{n + 1}");
            return Task.CompletedTask;
        });
        using var harness = FetcherHarness.Create(new Dictionary<string, string?> { ["Crawler:Fetching:MaxRedirects"] = "3" });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/0")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.TooManyRedirects, result.Failure!.Kind);
        Assert.Contains("more than 3 redirects", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Equal(4, server.Seen.Count(r => r.Path != "/robots.txt"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FetchAsync_TwentyMegabytePage_FailsTooLargeWithUrl(bool sendContentLength)
    {
        const int size = 20 * 1024 * 1024;
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            if (sendContentLength)
            {
                c.Response.ContentLength = size;
            }

            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
            }
        });
        using var harness = FetcherHarness.Create(new Dictionary<string, string?> { ["Crawler:Fetching:MaxBodyBytes"] = "1048576" });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/huge")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(SourceFailureKind.TooLarge, result.Failure!.Kind);
        Assert.Equal(server.Url("/huge"), result.Failure.Url);
        Assert.Contains("1048576", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Exchange!.Body);
    }

    [Fact]
    public async Task FetchAsync_CompressionBomb_FailsTooLargeCountingDecompressedBytes()
    {
        byte[] compressed;
        using (var buffer = new MemoryStream())
        {
            await using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 50; i++)
                {
                    await gzip.WriteAsync(zeros);
                }
            }

            compressed = buffer.ToArray();
        }

        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            c.Response.ContentLength = compressed.Length;
            await c.Response.Body.WriteAsync(compressed, c.RequestAborted);
        });
        using var harness = FetcherHarness.Create(new Dictionary<string, string?> { ["Crawler:Fetching:MaxBodyBytes"] = "2097152" });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/bomb")), CancellationToken.None);

        Assert.True(compressed.Length < 2097152);
        Assert.Equal(SourceFailureKind.TooLarge, result.Failure!.Kind);
    }

    [Fact]
    public async Task FetchAsync_GzipPage_StoredDecompressed()
    {
        var html = Encoding.UTF8.GetBytes("<html><body>压缩的页面</body></html>");
        byte[] compressed;
        using (var buffer = new MemoryStream())
        {
            await using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                await gzip.WriteAsync(html);
            }

            compressed = buffer.ToArray();
        }

        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            c.Response.ContentType = "text/html; charset=utf-8";
            await c.Response.Body.WriteAsync(compressed, c.RequestAborted);
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/gz")), CancellationToken.None);

        Assert.Equal(html, result.Exchange!.Body);
        Assert.Contains("压缩的页面", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_CorruptGzipBody_FailsNotParseable()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.Headers.ContentEncoding = "gzip";
            await c.Response.Body.WriteAsync(new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00 });
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/corrupt")), CancellationToken.None);

        // A gzip header followed by a deflate block of the reserved type 3: undecodable.
        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(SourceFailureKind.NotParseable, result.Failure!.Kind);
        Assert.Equal(server.Url("/corrupt"), result.Failure.Url);
    }

    [Fact]
    public async Task FetchAsync_ServerNeverAnswers_FailsTimeout()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c => Task.Delay(Timeout.Infinite, c.RequestAborted));
        using var harness = FetcherHarness.Create(new Dictionary<string, string?>
        {
            ["Crawler:Fetching:Timeout"] = "00:00:03",
            ["Crawler:Fetching:AttemptTimeout"] = "00:00:00.400",
            ["Crawler:Fetching:Retry:MaxRetries"] = "1",
        });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/hang")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(SourceFailureKind.Timeout, result.Failure!.Kind);
        Assert.Equal(server.Url("/hang"), result.Failure.Url);
        Assert.Equal(2, server.SeenAt("/hang").Count);
    }

    [Fact]
    public async Task FetchAsync_ServerStallsMidBody_FailsTimeout()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.ContentLength = 10_000;
            await c.Response.WriteAsync("<html><body>第一部分");
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        using var harness = FetcherHarness.Create(new Dictionary<string, string?>
        {
            ["Crawler:Fetching:Timeout"] = "00:00:01",
            ["Crawler:Fetching:AttemptTimeout"] = "00:00:00.500",
        });

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/slow")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.Timeout, result.Failure!.Kind);
        Assert.Contains("reading the body", result.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ConnectionDropsMidPage_FailsNetwork()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.ContentLength = 10_000;
            await c.Response.WriteAsync("<html><body>half a page");
            await c.Response.Body.FlushAsync(c.RequestAborted);
            c.Abort();
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/broken")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Failed, result.Outcome);
        Assert.Equal(SourceFailureKind.Network, result.Failure!.Kind);
        Assert.Equal(server.Url("/broken"), result.Failure.Url);
    }

    [Fact]
    public async Task FetchAsync_NothingListening_FailsNetwork()
    {
        Uri url;
        await using (var gone = await LoopbackServer.StartAsync(_ => Task.CompletedTask))
        {
            url = gone.Url("/nobody-home");
        }

        using var harness = FetcherHarness.Create(new Dictionary<string, string?> { ["Crawler:Fetching:Retry:MaxRetries"] = "0" });

        var result = await harness.Fetcher.FetchAsync(Some.Request(url, respectRobots: false), CancellationToken.None);

        Assert.Equal(SourceFailureKind.Network, result.Failure!.Kind);
        Assert.Contains("ConnectionError", result.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_TooManyRequestsWithRetryAfter_WaitsAsAskedThenSucceeds()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                return;
            }

            await c.Response.WriteAsync("ok now");
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/rate")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        var seen = server.SeenAt("/rate");
        Assert.Equal(2, seen.Count);
        Assert.True(seen[1].ArrivedAt - seen[0].ArrivedAt >= TimeSpan.FromSeconds(1), $"retried after {(seen[1].ArrivedAt - seen[0].ArrivedAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task FetchAsync_RetryAfterLongerThanAllowed_FailsWithoutRetrying()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c =>
        {
            c.Response.StatusCode = 503;
            c.Response.Headers.RetryAfter = "3600";
            return Task.CompletedTask;
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/busy")), CancellationToken.None);
        var next = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/other")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.HttpStatus, result.Failure!.Kind);
        Assert.Contains("Retry-After 3600s", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Single(server.SeenAt("/busy"));
        // The host asked for an hour's rest: the next page to it fails at once instead of hammering it.
        Assert.Equal(SourceFailureKind.HttpStatus, next.Failure!.Kind);
        Assert.Contains("rate limited", next.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(server.SeenAt("/other"));
    }

    [Fact]
    public async Task FetchAsync_TransientServerError_RetriedUntilSuccess()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                c.Response.StatusCode = 502;
                return;
            }

            await c.Response.WriteAsync("third time");
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/flaky")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal("third time", result.Text);
        Assert.Equal(3, server.SeenAt("/flaky").Count);
    }

    [Fact]
    public async Task FetchAsync_PersistentServerError_FailsKeepingTheErrorPage()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.StatusCode = 500;
            await c.Response.WriteAsync("internal error");
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/down")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.HttpStatus, result.Failure!.Kind);
        Assert.Contains("HTTP 500", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Contains("after 2 retries", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Equal("internal error", Encoding.UTF8.GetString(result.Exchange!.Body));
        Assert.Equal(3, server.SeenAt("/down").Count);
    }

    [Fact]
    public async Task FetchAsync_Forbidden_FailsWithoutRetry()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c =>
        {
            c.Response.StatusCode = 403;
            return Task.CompletedTask;
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/blocked")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.HttpStatus, result.Failure!.Kind);
        Assert.Single(server.SeenAt("/blocked"));
    }

    [Fact]
    public async Task FetchAsync_CallerCancels_Throws()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c =>
        {
            if (c.Request.Path == "/wait")
            {
                arrived.TrySetResult();
            }

            return Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        using var harness = FetcherHarness.Create();
        using var cts = new CancellationTokenSource();

        // Cancel once the request is at the server (a signal, not a timer), i.e. while the fetch is really waiting.
        var fetch = harness.Fetcher.FetchAsync(Some.Request(server.Url("/wait")), cts.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);
    }

    [Fact]
    public async Task FetchAsync_NonHttpUrl_FailsOther()
    {
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(new Uri("ftp://127.0.0.1/file")), CancellationToken.None);

        Assert.Equal(SourceFailureKind.Other, result.Failure!.Kind);
    }

    [Fact]
    public async Task FetchAsync_HeaderWithLineBreak_FailsOtherWithoutSending()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c => c.Response.WriteAsync("ok"));
        using var harness = FetcherHarness.Create();
        var request = Some.Request(server.Url("/x")) with
        {
            Headers = new Dictionary<string, string> { ["Referer"] = "http://a/\r\nX-Injected: 1" },
        };

        var result = await harness.Fetcher.FetchAsync(request, CancellationToken.None);

        Assert.Equal(SourceFailureKind.Other, result.Failure!.Kind);
        Assert.Contains("Referer", result.Failure.Reason, StringComparison.Ordinal);
        Assert.Empty(server.SeenAt("/x"));
    }

    [Fact]
    public async Task FetchAsync_RequestHeaders_OverrideDefaultsAndAreRecorded()
    {
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(c => c.Response.WriteAsync("ok"));
        using var harness = FetcherHarness.Create();
        var request = Some.Request(server.Url("/x")) with
        {
            Headers = new Dictionary<string, string> { ["Accept"] = "application/json", ["Referer"] = "http://bbs.example.cn/" },
        };

        var result = await harness.Fetcher.FetchAsync(request, CancellationToken.None);

        var seen = server.SeenAt("/x").Single().Headers;
        Assert.Equal("application/json", seen["Accept"]);
        Assert.Equal("http://bbs.example.cn/", seen["Referer"]);
        Assert.Contains(result.Exchange!.RequestHeaders, h => h.Key == "Accept" && h.Value == "application/json");
        Assert.Single(result.Exchange.RequestHeaders, h => h.Key == "Accept");
    }

    [Theory]
    [InlineData("text/html; charset=gbk", "<html><body>{0}</body></html>", "gbk", "header")]
    [InlineData("text/html; charset=GB2312", "<html><body>{0}</body></html>", "gbk", "header")]
    [InlineData("text/html; charset=gb18030", "<html><body>{0}</body></html>", "gbk", "header")]
    [InlineData("text/html; charset=big5", "<html><body>{0}</body></html>", "big5", "header")]
    [InlineData("text/html", "<html><head><meta charset=\"gbk\"></head><body>{0}</body></html>", "gbk", "meta")]
    [InlineData("text/html", "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"></head><body>{0}</body></html>", "big5", "meta")]
    [InlineData("application/xml", "<?xml version=\"1.0\" encoding=\"GB2312\"?><rss><item>{0}</item></rss>", "gbk", "meta")]
    [InlineData("text/html", "<html><body>{0}</body></html>", "gbk", "sniff")]
    [InlineData("text/html", "<html><body>{0}</body></html>", "big5", "sniff")]
    [InlineData("text/html", "<html><body>{0}</body></html>", "utf-8", "sniff")]
    [InlineData("text/html; charset=utf-8", "<html><body>{0}</body></html>", "gbk", "sniff (header declared")]
    public async Task FetchAsync_ChineseCharsets_DecodedFromHeaderMetaOrSniffing(string contentType, string template, string bytesAs, string expectedSource)
    {
        var text = bytesAs == "big5"
            ? "出售今年法考客觀題答案，保證通過，請加微信聯繫。這是真的，不是騙人的。"
            : "出售今年法考客观题答案，保证通过，请加微信联系。这是真的，不是骗人的。";
        var html = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, text);
        var bytes = bytesAs switch
        {
            "gbk" => Gbk.GetBytes(html),
            "big5" => CharsetDetector.Big5.GetBytes(html),
            _ => Encoding.UTF8.GetBytes(html),
        };
        await using var server = await LoopbackServer.StartWithoutRobotsAsync(async c =>
        {
            c.Response.Headers.ContentType = contentType;
            await c.Response.Body.WriteAsync(bytes);
        });
        using var harness = FetcherHarness.Create();

        var result = await harness.Fetcher.FetchAsync(Some.Request(server.Url("/page")), CancellationToken.None);

        Assert.Equal(FetchOutcome.Ok, result.Outcome);
        Assert.Equal(html, result.Text);
        Assert.StartsWith(expectedSource, result.EncodingSource, StringComparison.Ordinal);
        Assert.Equal(bytes, result.Exchange!.Body);
    }
}
