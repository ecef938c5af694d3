using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Net;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Evidence;

/// <summary>What to freeze and why.</summary>
internal sealed record FreezeRequest(Uri Url, StoredPost? Post, HttpExchange? CrawlExchange, string? AlertId, string Operator, string Purpose);

/// <summary>The freeze result plus what the fresh fetch saw (takedown checks need the verdict).</summary>
internal sealed record FreezeOutcome(EvidenceFreezeResult Result, EvidenceItem Item, CaptureVerdict FreshVerdict, string FreshReason);

/// <summary>One file of the packet, as listed in item.json and the 电子数据清单.</summary>
internal sealed record Artifact(string Path, string Role, string RoleZh, string MediaType, long Bytes, string Sha256, string Sm3, string Source);

/// <summary>
/// Freezes evidence into a packet directory: capture, artifacts, documents, custody, seal. The packet is built in
/// <c>.staging/</c> and renamed into place only when sealed, so a crash never leaves a half packet that looks whole.
/// </summary>
internal sealed class EvidenceFreezer(
    IOptions<EvidenceOptions> options,
    IOptions<PathsOptions> paths,
    TimeProvider time,
    AnonymousFetcher fetcher,
    OutboundGuard guard,
    IScreenshotter screenshotter,
    PacketSealer sealer,
    IEvidenceStore store,
    IEvidenceEventSink events,
    IServiceProvider services,
    ILogger<EvidenceFreezer> logger) : IEvidenceFreezer
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<EvidenceFreezeResult> FreezePostAsync(long postId, string? alertId, string operatorName, CancellationToken cancellationToken)
    {
        var posts = services.GetService<IPostStore>() ?? throw new InvalidOperationException("no post store is registered (IPostStore): freeze the URL instead");
        var post = await posts.GetPostAsync(postId, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"no stored post {postId}");
        var exchange = post.ExchangeId is { } exchangeId ? await posts.GetExchangeAsync(exchangeId, cancellationToken).ConfigureAwait(false) : null;
        var outcome = await FreezeAsync(new FreezeRequest(post.Url, post, exchange, alertId, operatorName, alertId is null ? "on-demand" : "alert"), cancellationToken).ConfigureAwait(false);
        return outcome.Result;
    }

    public async Task<EvidenceFreezeResult> FreezeUrlAsync(Uri url, string? alertId, string operatorName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http(s) URL", nameof(url));
        }

        // An operator's URL meets the outbound policy before any packet exists: an internal address is refused, not frozen.
        try
        {
            await guard.ResolveAsync(url.IdnHost, fetcher.Rules, "evidence-freeze", cancellationToken).ConfigureAwait(false);
        }
        catch (OutboundRefusedException ex)
        {
            throw new ArgumentException($"'{url}' is refused: {ex.Message}", nameof(url), ex);
        }

        var outcome = await FreezeAsync(new FreezeRequest(url, null, null, alertId, operatorName, alertId is null ? "on-demand" : "alert"), cancellationToken).ConfigureAwait(false);
        return outcome.Result;
    }

    public async Task<FreezeOutcome> FreezeAsync(FreezeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options.Value;
        var clock = Stopwatch.StartNew();
        var started = time.GetUtcNow();
        var id = NewId(started);
        var root = EvidencePaths.Root(o, paths.Value);
        var staging = Path.Combine(root, ".staging", id);
        Directory.CreateDirectory(staging);
        try
        {
            var problems = new List<string>();
            var custody = new CustodyLog(CustodyLog.Zero, 0);
            var actor = $"{o.Operator.SystemAccount}/{request.Operator}";
            custody.Append(time.GetUtcNow(), actor, "CAPTURE_START", request.Url.AbsoluteUri, null,
                $"purpose={request.Purpose}; alert={request.AlertId ?? "-"}; post={request.Post?.Id.ToString(CultureInfo.InvariantCulture) ?? "-"}; access=anonymous; logged_in=false");

            // Fresh anonymous fetch; block pages and failures are retried (a captcha may clear, a deletion will not).
            var attempts = new List<(EvidenceFetch Fetch, CaptureVerdict Verdict, string Reason, string? Title, string Text)>();
            for (var attempt = 0; ; attempt++)
            {
                var fetch = await fetcher.FetchAsync(request.Url, cancellationToken).ConfigureAwait(false);
                var judged = Judge(fetch);
                attempts.Add((fetch, judged.Verdict, judged.Reason, judged.Title, judged.Text));
                if (!BlockPageDetector.IsRetryable(judged.Verdict) || attempt >= o.BlockPageRetries)
                {
                    break;
                }

                await Task.Delay(o.RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }

            var fresh = attempts[^1];
            var offset = fresh.Fetch.ServerClockOffset;
            custody.Append(time.GetUtcNow(), actor, "CLOCK_CHECK", "system-clock", null,
                $"system clock {WarcWriter.Date(fresh.Fetch.StartedUtc)}; server Date header offset {(offset is { } off ? $"{off.TotalMilliseconds:0} ms" : "unknown")}; source http_date");
            for (var i = 0; i < attempts.Count; i++)
            {
                custody.Append(time.GetUtcNow(), actor, "FETCHED", request.Url.AbsoluteUri, null,
                    $"attempt {i + 1}: {attempts[i].Verdict} ({attempts[i].Reason}); status {attempts[i].Fetch.Final?.Status.ToString(CultureInfo.InvariantCulture) ?? "-"}; final {attempts[i].Fetch.Final?.Url.AbsoluteUri ?? "-"}");
            }

            var artifacts = new List<Artifact>();
            string captureSource;
            Screenshots? shots = null;
            CapturedExchange? primary = null;
            EvidenceFetch? primaryFetch = null;
            string? title = null;
            var crawlVerdict = CaptureVerdict.FetchFailed;
            if (fresh.Verdict == CaptureVerdict.Genuine)
            {
                captureSource = "fresh";
                primary = fresh.Fetch.Final!;
                primaryFetch = fresh.Fetch;
                title = fresh.Title;
                shots = await screenshotter.CaptureAsync(new RenderRequest(primary.Url, primary.Body, primary.Header("Content-Type")), cancellationToken).ConfigureAwait(false);
                WriteCapture(staging, "capture", fresh.Fetch.Hops, fresh.Fetch, fresh.Text, shots, "fresh anonymous fetch", artifacts, started);
                if (request.CrawlExchange is { } crawl)
                {
                    var crawlHop = FromExchange(crawl);
                    WriteCapture(staging, "crawl", [crawlHop], null, PageText.Extract(crawl.Body, crawl.Header("Content-Type")).Text, null, $"crawl-time copy fetched {WarcWriter.Date(crawl.FetchedAtUtc)}", artifacts, started);
                }
            }
            else
            {
                problems.Add($"fresh capture is not evidence: {fresh.Verdict} ({fresh.Reason})");
                var failedHops = attempts.SelectMany(a => a.Fetch.Hops).ToList();
                if (failedHops.Count > 0)
                {
                    WriteCapture(staging, "failed", failedHops, fresh.Fetch, fresh.Text, null, $"FAILED fresh capture: {fresh.Verdict} ({fresh.Reason}) - not evidence of content", artifacts, started);
                }
                else
                {
                    AddText(staging, "failed/fetch-failure.txt", $"{fresh.Verdict}: {fresh.Reason}\n{fresh.Fetch.FailureDetail}\n", "failure-note", "失败说明", "text/plain", "fresh anonymous fetch", artifacts);
                }

                if (request.CrawlExchange is { } crawl)
                {
                    var (crawlTitle, crawlText) = PageText.Extract(crawl.Body, crawl.Header("Content-Type"));
                    crawlVerdict = BlockPageDetector.Classify(crawl.StatusCode, crawl.FinalUrl, crawlTitle, crawlText).Verdict;
                    if (crawlVerdict == CaptureVerdict.Genuine)
                    {
                        captureSource = "crawl-time";
                        primary = FromExchange(crawl);
                        title = crawlTitle;
                        problems.Add($"frozen from the crawl-time copy fetched {WarcWriter.Date(crawl.FetchedAtUtc)} (the fresh fetch found: {fresh.Reason})");
                        // Rendered at its own URL from memory (route interception), never from a file: URL a page could read beside.
                        shots = await screenshotter.CaptureAsync(new RenderRequest(primary.Url, crawl.Body, crawl.Header("Content-Type")), cancellationToken).ConfigureAwait(false);
                        WriteCapture(staging, "capture", [primary], null, crawlText, shots, $"crawl-time copy fetched {WarcWriter.Date(crawl.FetchedAtUtc)} (screenshots render the stored source)", artifacts, started);
                    }
                    else
                    {
                        captureSource = "failed";
                        problems.Add($"the crawl-time copy is not evidence either ({crawlVerdict})");
                    }
                }
                else
                {
                    captureSource = "failed";
                }
            }

            if (shots?.Problem is { } shotProblem)
            {
                problems.Add($"screenshots: {shotProblem}");
                EvidenceLog.ScreenshotsUnavailable(logger, shotProblem);
            }

            if (request.Post is { } imagePost)
            {
                await AddPostImagesAsync(staging, imagePost.Id, artifacts, problems, cancellationToken).ConfigureAwait(false);
            }

            // Documents (they list the artifacts' hashes), then certificates, README and VERIFY.sh.
            var finished = time.GetUtcNow();
            var signerCerts = services.GetRequiredService<SignerCertificates>().Load(out var signerProblem);
            var itemJson = ItemJson(id, request, fresh.Fetch, fresh.Verdict, fresh.Reason, primary, primaryFetch, title, captureSource, shots, started, finished, artifacts, signerCerts);
            AddText(staging, "metadata/item.json", itemJson, "metadata", "元数据", "application/json", "generated", artifacts);
            AddText(staging, "record/extraction-record.zh.txt", ExtractionRecord(id, request, fresh, captureSource, primary, shots, started, finished, artifacts, problems), "extraction-record", "电子数据固定工作记录", "text/plain", "generated", artifacts);
            AtomicFile.Write(Path.Combine(staging, "record", "evidence-list.zh.csv"), EvidenceListCsv(artifacts, finished));
            WriteCertificates(staging, signerCerts);
            var sound = captureSource != "failed";
            AtomicFile.WriteText(Path.Combine(staging, "README.txt"), VerifyScript.Readme(id, signerCerts?.IsDevelopment ?? false, sound, problems));
            AtomicFile.WriteText(Path.Combine(staging, "VERIFY.sh"), VerifyScript.Sh);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(staging, "VERIFY.sh"), (UnixFileMode)0b111_101_101);
            }

            foreach (var rel in PacketSealer.SealedFiles(staging).Where(p => !p.StartsWith("custody/", StringComparison.Ordinal)))
            {
                custody.Append(time.GetUtcNow(), actor, "ARTIFACT_HASHED", rel, Digests.Sha256Hex(Path.Combine(staging, rel)), "sha256 and sm3 in MANIFEST.*");
            }

            custody.Append(time.GetUtcNow(), actor, "CAPTURE_END", request.Url.AbsoluteUri, null, $"source={captureSource}; sound_capture={sound}");
            AtomicFile.WriteText(Path.Combine(staging, PacketSealer.CustodyPath), custody.Text);

            var seal = await sealer.SealAsync(staging, actor, cancellationToken).ConfigureAwait(false);
            problems.AddRange(seal.Problems);
            sound = sound && seal.Signed && seal.TimestampsGot == seal.TimestampsWanted;
            var final = Path.Combine(root, id);
            Directory.Move(staging, final);

            var item = new EvidenceItem(id, request.Post?.Id, request.AlertId, null, request.Url, sound, captureSource, final, started, actor, seal.ManifestSha256, seal.ContinuationHead, problems);
            await store.AddAsync(item, cancellationToken).ConfigureAwait(false);
            foreach (var p in problems)
            {
                EvidenceLog.Problem(logger, id, p);
            }

            if (fresh.Verdict != CaptureVerdict.Genuine)
            {
                EvidenceLog.CaptureFailed(logger, request.Url, fresh.Reason, captureSource == "crawl-time");
                await events.CaptureFailedAsync(new EvidenceCaptureFailed(id, request.Url, request.AlertId, $"{fresh.Verdict}: {fresh.Reason}", captureSource == "crawl-time"), cancellationToken).ConfigureAwait(false);
            }

            EvidenceLog.Frozen(logger, id, request.Url, sound, captureSource, clock.ElapsedMilliseconds);
            return new FreezeOutcome(new EvidenceFreezeResult(id, sound, final, problems), item, fresh.Verdict, fresh.Reason);
        }
        catch
        {
            // A half-built packet stays under .staging/ (never looks whole); remove it so retries start clean.
            TryDelete(staging);
            throw;
        }
    }

    private static (CaptureVerdict Verdict, string Reason, string? Title, string Text) Judge(EvidenceFetch fetch)
    {
        if (fetch.Failure != FetchFailure.None || fetch.Final is null)
        {
            return (CaptureVerdict.FetchFailed, $"{fetch.Failure}: {fetch.FailureDetail}", null, "");
        }

        var final = fetch.Final;
        var (title, text) = PageText.Extract(final.Body, final.Header("Content-Type"));
        var (verdict, reason) = BlockPageDetector.Classify(final.Status, final.Url, title, text);
        return (verdict, reason, title, text);
    }

    private static CapturedExchange FromExchange(HttpExchange e) => new(
        e.FinalUrl, e.Method, e.RequestHeaders, e.StatusCode, ReasonPhrases.GetReasonPhrase(e.StatusCode), "HTTP/1.1",
        e.ResponseHeaders.Where(h => !string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).ToList(),
        e.Body, false, e.FetchedAtUtc, e.RemoteIp);

    /// <summary>WARC (final exchange first so tools that read the first response find the page), page source, text, screenshots, TLS, DNS.</summary>
    private void WriteCapture(string staging, string folder, IReadOnlyList<CapturedExchange> hops, EvidenceFetch? fetch, string text, Screenshots? shots, string source, List<Artifact> artifacts, DateTimeOffset started)
    {
        var o = options.Value;
        var final = hops[^1];
        using var warc = new MemoryStream();
        var writer = new WarcWriter(warc);
        writer.Write("warcinfo", started, null, "application/warc-fields", WarcWriter.Fields(
        [
            ("software", $"SentimentWatch evidence {Version()}"),
            ("operator", o.Operator.Organization.Length > 0 ? o.Operator.Organization : o.Operator.SystemAccount),
            ("hostname", Environment.MachineName),
            ("http-header-user-agent", o.UserAgent),
            ("format", "WARC File Format 1.1"),
            ("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"),
            ("description", source),
        ]), -1);
        var ordered = new List<CapturedExchange> { final };
        ordered.AddRange(hops.Take(hops.Count - 1));
        string? finalResponseId = null;
        foreach (var hop in ordered)
        {
            var ip = hop.ServerIp is { Length: > 0 } a ? new[] { ("WARC-IP-Address", a) } : [];
            var (block, payload) = WarcWriter.ResponseBlock(hop.HttpVersion, hop.Status, hop.Reason, hop.ResponseHeaders, hop.Body);
            var extra = new List<(string, string)>(ip);
            if (hop.Truncated)
            {
                extra.Add(("WARC-Truncated", "length"));
            }

            var responseId = writer.Write("response", hop.AtUtc, hop.Url.AbsoluteUri, WarcWriter.ResponseType, block, payload, extra);
            finalResponseId ??= responseId;
            writer.Write("request", hop.AtUtc, hop.Url.AbsoluteUri, WarcWriter.RequestType, WarcWriter.RequestBlock(hop), -1, [.. ip, ("WARC-Concurrent-To", responseId)]);
        }

        var meta = new List<(string, string)>
        {
            ("via", string.Join(" -> ", hops.Select(h => h.Url.AbsoluteUri))),
            ("x-capture-source", source),
            ("x-access-mode", "anonymous"),
            ("x-logged-in", "false"),
            ("x-http-messages", "reconstructed from the .NET HTTP client: headers as parsed, Transfer-Encoding removed, entity de-chunked and not decompressed (Accept-Encoding: identity)"),
        };
        if (fetch is not null)
        {
            meta.Add(("fetchTimeMs", ((long)(fetch.FinishedUtc - fetch.StartedUtc).TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            if (fetch.ServerClockOffset is { } off)
            {
                meta.Add(("x-server-clock-offset-ms", ((long)off.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)));
            }

            if (fetch.Failure != FetchFailure.None)
            {
                meta.Add(("x-fetch-failure", $"{fetch.Failure}: {fetch.FailureDetail}"));
            }
        }

        writer.Write("metadata", final.AtUtc, final.Url.AbsoluteUri, "application/warc-fields", WarcWriter.Fields(meta), -1, [("WARC-Refers-To", finalResponseId!)]);
        var textBytes = Encoding.UTF8.GetBytes(text);
        writer.Write("resource", final.AtUtc, $"urn:text:{final.Url.AbsoluteUri}", "text/plain; charset=utf-8", textBytes, 0, [("WARC-Concurrent-To", finalResponseId!)]);
        if (shots?.Viewport is { } view)
        {
            writer.Write("resource", shots.StartedUtc, $"urn:view:{final.Url.AbsoluteUri}", "image/png", view, 0, [("WARC-Concurrent-To", finalResponseId!)]);
        }

        if (shots?.FullPage is { } full)
        {
            writer.Write("resource", shots.StartedUtc, $"urn:fullPage:{final.Url.AbsoluteUri}", "image/png", full, 0, [("WARC-Concurrent-To", finalResponseId!)]);
        }

        var name = folder == "crawl" ? "crawl-time" : folder == "failed" ? "failed-capture" : "capture";
        AddBytes(staging, $"{folder}/{name}.warc.gz", warc.ToArray(), "warc", "WARC 1.1 网页归档", "application/warc", source, artifacts);
        AddBytes(staging, $"{folder}/page-source.html", final.Body, "page-source", "网页源代码", final.Header("Content-Type")?.Split(';')[0].Trim() is { Length: > 0 } ct ? ct : "application/octet-stream", source, artifacts);
        AddText(staging, $"{folder}/extracted-text.txt", text.Length == 0 ? "" : text + "\n", "extracted-text (derived)", "提取文本（派生）", "text/plain", source, artifacts);
        if (shots?.Viewport is { } v)
        {
            AddBytes(staging, $"{folder}/screenshot-viewport.png", v, "screenshot-viewport", "截图（可视区域）", "image/png", $"{source}; {shots.Browser}", artifacts);
        }

        if (shots?.FullPage is { } f)
        {
            AddBytes(staging, $"{folder}/screenshot-fullpage.png", f, "screenshot-fullpage", "截图（整页）", "image/png", $"{source}; {shots.Browser}", artifacts);
        }

        if (shots is { Requests.Count: > 0 } || shots?.RenderedDom is not null)
        {
            AddText(staging, $"{folder}/browser-requests.json", BrowserRequestsJson(shots!), "browser-requests", "浏览器请求记录", "application/json", $"{source}; {shots!.Browser}", artifacts);
        }

        if (shots?.RenderedDom is { } dom)
        {
            AddText(staging, $"{folder}/rendered-dom.html", dom, "rendered-dom (derived)", "渲染后的网页结构（派生）", "text/html", $"{source}; {shots.Browser}", artifacts);
        }

        if (shots?.RenderedText is { } rendered)
        {
            AddText(staging, $"{folder}/rendered-text.txt", rendered, "rendered-text (derived)", "渲染后的文本（派生）", "text/plain", $"{source}; {shots.Browser}", artifacts);
        }

        if (fetch?.Tls is { ChainDer.Count: > 0 } tls)
        {
            var pem = string.Concat(tls.ChainDer.Select(d => PemEncoding.WriteString("CERTIFICATE", d) + "\n"));
            AddText(staging, $"{folder}/tls-chain.pem", pem, "tls-chain", "服务器证书链", "application/x-pem-file", $"{source}; {tls.Protocol}; validation: {tls.PolicyErrors}", artifacts);
        }

        if (fetch is { DnsAnswers.Count: > 0 })
        {
            AddText(staging, $"{folder}/dns.txt", "# host\taddresses (system resolver)\n" + string.Join('\n', fetch.DnsAnswers) + "\n", "dns", "域名解析结果", "text/plain", source, artifacts);
        }
    }

    /// <summary>Every request the rendered page made and what became of it (served, fetched under the outbound policy, blocked, failed).</summary>
    private static string BrowserRequestsJson(Screenshots shots)
    {
        var node = new JsonObject
        {
            ["schema"] = "exam-evidence-browser-requests/1.0",
            ["browser"] = shots.Browser,
            ["isolation"] = shots.Isolation,
            ["requests_total"] = shots.Requests.Count,
            ["blocked_total"] = shots.Requests.Count(r => r.Outcome == "blocked"),
            ["requests"] = new JsonArray(shots.Requests.Select(r => (JsonNode)new JsonObject
            {
                ["at_utc"] = WarcWriter.Date(r.AtUtc), ["method"] = r.Method, ["url"] = r.Url, ["type"] = r.ResourceType, ["outcome"] = r.Outcome,
                ["rule"] = r.Rule, ["status"] = r.Status, ["bytes"] = r.Bytes, ["detail"] = r.Detail,
            }).ToArray()),
            ["browser_messages"] = new JsonArray(shots.BrowserMessages.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
        };
        return node.ToJsonString(Json) + "\n";
    }

    /// <summary>
    /// The post's pictures as the image reader stored them (content-addressed, read when collected), each under
    /// <c>images/&lt;sha256&gt;.bin</c>, and <c>images/images.json</c> with every image's URL, state, reason, OCR text and QR
    /// payloads — the seller's number that was only in a picture is part of the proof.
    /// </summary>
    private async Task AddPostImagesAsync(string staging, long postId, List<Artifact> artifacts, List<string> problems, CancellationToken cancellationToken)
    {
        if (services.GetService<IPostImageStore>() is not { } imageStore)
        {
            return;
        }

        var images = await imageStore.GetForPostAsync(postId, cancellationToken).ConfigureAwait(false);
        if (images.Count == 0)
        {
            return;
        }

        var list = new JsonArray();
        foreach (var image in images)
        {
            string? file = null;
            if (image.Sha256 is { } sha && image.State == PostImageState.Analysed)
            {
                var stored = ImageContent.PathOf(paths.Value, sha);
                if (File.Exists(stored))
                {
                    var bytes = await File.ReadAllBytesAsync(stored, cancellationToken).ConfigureAwait(false);
                    if (Digests.Sha256Hex(bytes) == sha)
                    {
                        file = $"images/{sha}.bin";
                        AddBytes(staging, file, bytes, "post-image", "帖子图片", image.MediaType ?? "application/octet-stream", $"post image as collected {WarcWriter.Date(image.FoundAtUtc)}", artifacts);
                    }
                    else
                    {
                        problems.Add($"image {image.Url}: stored bytes no longer match their hash; not copied");
                    }
                }
                else
                {
                    problems.Add($"image {image.Url}: stored bytes are missing; not copied");
                }
            }

            list.Add(new JsonObject
            {
                ["url"] = image.Url.AbsoluteUri,
                ["state"] = image.State.ToString().ToLowerInvariant(),
                ["reason"] = image.Reason,
                ["sha256"] = image.Sha256,
                ["media_type"] = image.MediaType,
                ["width"] = image.Width,
                ["height"] = image.Height,
                ["ocr_text"] = image.OcrText,
                ["qr_payloads"] = new JsonArray(image.QrPayloads.Select(q => (JsonNode)JsonValue.Create(q)).ToArray()),
                ["file"] = file,
            });
        }

        AddText(staging, "images/images.json", new JsonObject { ["post_id"] = postId, ["images"] = list }.ToJsonString(Json) + "\n",
            "post-images", "帖子图片及识别文字", "application/json", "generated", artifacts);
    }

    private static void AddBytes(string staging, string rel, byte[] content, string role, string roleZh, string media, string source, List<Artifact> artifacts)
    {
        var path = Path.Combine(staging, rel);
        AtomicFile.Write(path, content);
        artifacts.Add(new Artifact(rel, role, roleZh, media, content.Length, Digests.Sha256Hex(content), Digests.Sm3Hex(path), source));
    }

    private static void AddText(string staging, string rel, string text, string role, string roleZh, string media, string source, List<Artifact> artifacts) =>
        AddBytes(staging, rel, Encoding.UTF8.GetBytes(text), role, roleZh, media, source, artifacts);

    private void WriteCertificates(string staging, SignerMaterial? signer)
    {
        var fingerprints = new StringBuilder("# SHA-256 fingerprints. Compare with the hand-over letter before trusting any root. 请与移交函中的指纹比对。\n");
        if (signer is not null)
        {
            var chain = new[] { signer.Certificate }.Concat(signer.Chain).ToList();
            AtomicFile.WriteText(Path.Combine(staging, "certs", "signer-chain.pem"), string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")));
            var root = chain.FirstOrDefault(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)) ?? chain[^1];
            AtomicFile.WriteText(Path.Combine(staging, "certs", "signer-root.pem"), root.ExportCertificatePem() + "\n");
            foreach (var c in chain)
            {
                fingerprints.Append(CultureInfo.InvariantCulture, $"signer\t{Convert.ToHexString(c.GetCertHash(HashAlgorithmName.SHA256))}\t{c.Subject}{(signer.IsDevelopment ? "\tDEVELOPMENT CERTIFICATE - NOT FOR EVIDENTIAL USE" : "")}\n");
            }
        }

        var tsaChain = new StringBuilder();
        var tsaRoots = new StringBuilder();
        foreach (var tsa in options.Value.Tsa)
        {
            if (!string.IsNullOrWhiteSpace(tsa.ChainPath) && File.Exists(tsa.ChainPath))
            {
                tsaChain.Append(File.ReadAllText(tsa.ChainPath).TrimEnd()).Append('\n');
            }

            if (File.Exists(tsa.TrustedRootPath))
            {
                var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
                roots.ImportFromPemFile(tsa.TrustedRootPath);
                foreach (var r in roots)
                {
                    tsaRoots.Append(r.ExportCertificatePem()).Append('\n');
                    fingerprints.Append(CultureInfo.InvariantCulture, $"tsa-root\t{Convert.ToHexString(r.GetCertHash(HashAlgorithmName.SHA256))}\t{r.Subject}\t{(tsa.Name.Length > 0 ? tsa.Name : tsa.Url)}\n");
                }
            }
        }

        if (tsaChain.Length > 0)
        {
            AtomicFile.WriteText(Path.Combine(staging, "certs", "tsa-chain.pem"), tsaChain.ToString());
        }

        if (tsaRoots.Length > 0)
        {
            AtomicFile.WriteText(Path.Combine(staging, "certs", "tsa-root.pem"), tsaRoots.ToString());
        }

        AtomicFile.WriteText(Path.Combine(staging, "certs", "FINGERPRINTS.txt"), fingerprints.ToString());
    }

    private string ItemJson(string id, FreezeRequest request, EvidenceFetch freshFetch, CaptureVerdict freshVerdict, string freshReason, CapturedExchange? primary, EvidenceFetch? primaryFetch,
        string? title, string captureSource, Screenshots? shots, DateTimeOffset started, DateTimeOffset finished, List<Artifact> artifacts, SignerMaterial? signer)
    {
        var o = options.Value;
        var post = request.Post;
        var offset = freshFetch.ServerClockOffset;
        var node = new JsonObject
        {
            ["schema"] = "exam-evidence-item/1.0",
            ["packet_id"] = id,
            ["alert"] = request.AlertId is null ? null : new JsonObject { ["alert_id"] = request.AlertId, ["note_zh"] = "分类结果仅为线索，不是结论" },
            ["target"] = new JsonObject
            {
                ["url"] = request.Url.AbsoluteUri,
                ["final_url"] = freshFetch.Final?.Url.AbsoluteUri,
                ["redirects"] = new JsonArray(freshFetch.Hops.Take(Math.Max(0, freshFetch.Hops.Count - 1)).Select(h => (JsonNode)new JsonObject { ["url"] = h.Url.AbsoluteUri, ["status"] = h.Status }).ToArray()),
                ["platform"] = post?.Platform,
                ["post_id"] = post?.PlatformPostId,
                ["store_post_id"] = post?.Id,
                ["author_display_name"] = post?.Author.DisplayName,
                ["author_id"] = post?.Author.Id,
                ["page_title"] = title,
                ["published_at_as_displayed"] = post?.PublishedRaw,
                ["visibility"] = "public",
            },
            ["capture_result"] = new JsonObject
            {
                ["source"] = captureSource,
                ["source_zh"] = captureSource switch { "fresh" => "实时匿名提取", "crawl-time" => "监测时保存的副本（实时提取时内容已不可得）", _ => "提取失败（拦截页/删除页/超时），不作为内容证据" },
                ["fresh_fetch_verdict"] = freshVerdict.ToString(),
                ["fresh_fetch_reason"] = freshReason,
                ["fresh_fetch_failure"] = freshFetch.Failure == FetchFailure.None ? null : $"{freshFetch.Failure}: {freshFetch.FailureDetail}",
                ["crawl_time_fetched_at_utc"] = request.CrawlExchange is { } c ? WarcWriter.Date(c.FetchedAtUtc) : null,
            },
            ["access"] = new JsonObject
            {
                ["mode"] = "anonymous",
                ["logged_in"] = false,
                ["login_account"] = null,
                ["egress_ip"] = null,
                ["server_ip"] = primary?.ServerIp ?? freshFetch.Final?.ServerIp,
                ["http_version"] = primary?.HttpVersion,
                ["user_agent"] = o.UserAgent,
                ["request_headers_note"] = "Accept-Encoding: identity; no cookies; no proxy; new connection per capture",
                ["tls"] = primaryFetch?.Tls is { } tls ? new JsonObject { ["protocol"] = tls.Protocol, ["validation"] = tls.PolicyErrors, ["chain_file"] = "capture/tls-chain.pem" } : null,
            },
            ["capture"] = new JsonObject
            {
                ["started_at_utc"] = WarcWriter.Date(started),
                ["finished_at_utc"] = WarcWriter.Date(finished),
                ["started_at_beijing"] = ChinaTime.ToBeijing(started).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["finished_at_beijing"] = ChinaTime.ToBeijing(finished).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["steps"] = new JsonArray(
                    "anonymous HTTP GET of the URL, redirects followed one by one and recorded",
                    "block-page detection (captcha, login wall, deleted page, soft 404)",
                    "screenshots in headless Chromium (fresh profile) when available",
                    "WARC 1.1 written; page source = response payload",
                    "hashes (SHA-256, SM3), CMS signature and RFC 3161 timestamps"),
                ["screenshots"] = shots is null ? "none (no genuine capture)" : shots.Problem ?? "viewport and full page",
                ["tools"] = new JsonArray(
                    new JsonObject { ["name"] = "SentimentWatch evidence", ["version"] = Version(), ["binary_sha256"] = BinarySha256() },
                    new JsonObject { ["name"] = ".NET", ["version"] = RuntimeInformation.FrameworkDescription },
                    new JsonObject { ["name"] = "browser", ["version"] = shots?.Browser }),
                ["host"] = new JsonObject { ["hostname"] = Environment.MachineName, ["os"] = RuntimeInformation.OSDescription, ["location_zh"] = o.Operator.Location },
            },
            ["time"] = new JsonObject
            {
                ["system_clock_utc_at_start"] = WarcWriter.Date(started),
                ["reference"] = new JsonObject
                {
                    ["source"] = "http_date",
                    ["server"] = freshFetch.Final?.Url.Host,
                    ["offset_ms"] = offset is { } off ? (long)off.TotalMilliseconds : null,
                    ["note"] = "server Date header has 1 s resolution; RFC 3161 genTime of the manifest is the independent upper bound",
                },
                ["server_http_date"] = freshFetch.Final?.Header("Date"),
            },
            ["hash_algorithms"] = new JsonArray("SHA-256", "SM3"),
            ["signature"] = new JsonObject
            {
                ["signer"] = signer?.Certificate.Subject,
                ["development_certificate"] = signer?.IsDevelopment,
            },
            ["artifacts"] = new JsonArray(artifacts.Select(a => (JsonNode)new JsonObject
            {
                ["path"] = a.Path, ["role"] = a.Role, ["media_type"] = a.MediaType, ["bytes"] = a.Bytes, ["sha256"] = a.Sha256, ["sm3"] = a.Sm3,
            }).ToArray()),
            ["operator"] = new JsonObject
            {
                ["system_account"] = o.Operator.SystemAccount,
                ["requested_by"] = request.Operator,
                ["responsible_person_zh"] = o.Operator.ResponsiblePerson,
                ["organization_zh"] = o.Operator.Organization,
            },
        };
        return node.ToJsonString(Json) + "\n";
    }

    private string ExtractionRecord(string id, FreezeRequest request, (EvidenceFetch Fetch, CaptureVerdict Verdict, string Reason, string? Title, string Text) fresh, string captureSource,
        CapturedExchange? primary, Screenshots? shots, DateTimeOffset started, DateTimeOffset finished, List<Artifact> artifacts, List<string> problems)
    {
        var o = options.Value;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"""
            电子数据固定（网络在线提取）工作记录
            ====================================
            证据包编号：{id}
            说明：本记录由监测系统自动生成，供办案人员制作笔录时参考，不是侦查人员制作的笔录。

            一、事由：{(request.AlertId is null ? "按需固定" : $"舆情预警 {request.AlertId} 触发的自动固定")}（用途：{request.Purpose}）
            二、目的：固定网上公开发布的涉考有害信息，防止删除后灭失。
            三、对象：{request.Url.AbsoluteUri}
                最终地址：{fresh.Fetch.Final?.Url.AbsoluteUri ?? "（无）"}
                跳转过程：{(fresh.Fetch.Hops.Count > 1 ? string.Join(" → ", fresh.Fetch.Hops.Select(h => $"{h.Url.AbsoluteUri} [{h.Status}]")) : "无跳转")}
                平台/帖子编号/作者：{request.Post?.Platform ?? "-"} / {request.Post?.PlatformPostId ?? "-"} / {request.Post?.Author.DisplayName ?? "-"}（{request.Post?.Author.Id ?? "-"}）
                页面显示的发布时间：{request.Post?.PublishedRaw ?? "-"}
            四、提取时间：开始 {ChinaTime.FormatBeijing(started)}（UTC {WarcWriter.Date(started)}），结束 {ChinaTime.FormatBeijing(finished)}（UTC {WarcWriter.Date(finished)}）
                时间来源：系统时钟；与服务器 HTTP Date 头的偏差 {(fresh.Fetch.ServerClockOffset is { } off ? $"{off.TotalMilliseconds:0} 毫秒" : "未知")}；封存后另有 RFC 3161 可信时间戳（见 MANIFEST.sha256.tsr）。
            五、地点：{(o.Operator.Location.Length > 0 ? o.Operator.Location : "（未配置）")}，主机 {Environment.MachineName}
            六、访问方式：匿名访问，未登录任何账号；User-Agent：{o.UserAgent}；服务器 IP：{primary?.ServerIp ?? fresh.Fetch.Final?.ServerIp ?? "未知"}
            七、工具和方法：SentimentWatch 证据固定模块 {Version()}（程序 SHA-256 {BinarySha256()}）；HTTP 直接获取（Accept-Encoding: identity），
                WARC 1.1 归档；截图：{(shots is null ? "无" : shots.Problem ?? $"无头浏览器 {shots.Browser}")}。
            八、过程：
            """);
        sb.Append('\n');
        var step = 1;
        foreach (var h in fresh.Fetch.Hops)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {step++}. {WarcWriter.Date(h.AtUtc)} GET {h.Url.AbsoluteUri} → HTTP {h.Status}{(h.Truncated ? "（超过大小上限，已截断）" : "")}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"    {step}. 判定：{fresh.Verdict}（{fresh.Reason}）\n");
        sb.Append(CultureInfo.InvariantCulture, $"""
            九、提取结果：{captureSource switch { "fresh" => "实时提取成功，页面为真实内容。", "crawl-time" => "实时提取时内容已不可得（见 failed/），本包以监测时保存的副本固定（见 capture/），特此注明。", _ => "提取失败：所得页面为拦截页/删除页或未取得页面，不作为内容证据（见 failed/）。" }}
            十、不能扣押原始存储介质的原因：数据存储于网络服务提供者的远程服务器，无法扣押原始存储介质，故采用网络在线提取。
            十一、增删改说明：extracted-text.txt 为从网页源代码提取的文本，属派生数据；其余文件为原始提取结果，未作修改。
            十二、完整性校验值的计算过程和结果：对下列每个文件分别计算 SHA-256 与 SM3，全部文件的校验值列于 MANIFEST.sha256 与 MANIFEST.sm3，
                  并对 MANIFEST.sha256 进行数字签名（MANIFEST.sha256.p7s）和可信时间戳（*.tsr）。可用 sha256sum、cksum -a sm3、openssl 复核（见 README.txt）。

            """);
        foreach (var a in artifacts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {a.Path}  {a.Bytes} 字节\n      SHA-256 {a.Sha256}\n      SM3     {a.Sm3}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"""

            十三、展示方法：page-source.html 与截图可用任意浏览器或看图软件打开；WARC 可用 ReplayWeb.page 或 pywb 回放。
            十四、人员：系统账号 {o.Operator.SystemAccount}；发起人 {request.Operator}；负责人 {(o.Operator.ResponsiblePerson.Length > 0 ? o.Operator.ResponsiblePerson : "（未配置）")}；单位 {(o.Operator.Organization.Length > 0 ? o.Operator.Organization : "（未配置）")}
            十五、见证与录像：自动提取，无见证人；过程记录见 custody/custody.log 与截图。

            """);
        if (problems.Count > 0)
        {
            sb.Append("问题与说明：\n");
            foreach (var p in problems)
            {
                sb.Append("    - ").Append(p).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static byte[] EvidenceListCsv(List<Artifact> artifacts, DateTimeOffset at)
    {
        var sb = new StringBuilder("序号,文件名,类别,文件格式,大小(字节),SHA-256,SM3,来源,提取时间\r\n");
        var n = 1;
        foreach (var a in artifacts)
        {
            sb.Append(string.Join(',', new[]
            {
                (n++).ToString(CultureInfo.InvariantCulture), a.Path, a.RoleZh, a.MediaType, a.Bytes.ToString(CultureInfo.InvariantCulture), a.Sha256, a.Sm3, a.Source, ChinaTime.FormatBeijing(at),
            }.Select(Csv))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];

        static string Csv(string s) => s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    private string NewId(DateTimeOffset at) =>
        $"EVD-{ChinaTime.ToBeijing(at):yyyyMMdd}-{ChinaTime.ToBeijing(at):HHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    private static string Version() =>
        typeof(EvidenceFreezer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static string? _binarySha256;

    private static string BinarySha256()
    {
        if (_binarySha256 is null)
        {
            var location = typeof(EvidenceFreezer).Assembly.Location;
            _binarySha256 = string.IsNullOrEmpty(location) || !File.Exists(location) ? "unknown" : Digests.Sha256Hex(location);
        }

        return _binarySha256;
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
