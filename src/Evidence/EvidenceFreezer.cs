using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Net;
using SentimentWatch.Core.Pages;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Storage;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Evidence;

/// <summary>What to freeze and why.</summary>
internal sealed record FreezeRequest(Uri Url, StoredPost? Post, HttpExchange? CrawlExchange, string? AlertId, string Operator, string Purpose);

/// <summary>One fresh fetch and what it was judged to be.</summary>
internal sealed record Judged(EvidenceFetch Fetch, CaptureVerdict Verdict, string Reason, string? Title, string Text);

/// <summary>The freeze result plus what the fresh fetch saw (takedown checks need the verdict).</summary>
internal sealed record FreezeOutcome(EvidenceFreezeResult Result, EvidenceItem Item, CaptureVerdict FreshVerdict, string FreshReason);

/// <summary>
/// Freezes evidence: the capture (fresh anonymous fetch, verdict, crawl-time fallback, screenshots), then the packet
/// through <see cref="PacketWriter"/> (files, documents, custody) and <see cref="PacketSealer"/>. The packet is built in
/// <c>.staging/</c> and renamed into place only when sealed, so a crash never leaves a half packet that looks whole.
/// </summary>
internal sealed class EvidenceFreezer(
    IOptions<EvidenceOptions> options,
    IOptions<PathsOptions> paths,
    IOptions<HtmlParseLimits> parseLimits,
    TimeProvider time,
    AnonymousFetcher fetcher,
    OutboundGuard guard,
    IScreenshotter screenshotter,
    PacketSealer sealer,
    SignerCertificates signer,
    SecretRedactor redactor,
    IEvidenceStore store,
    IPostStore posts,
    IPostImageStore images,
    IEvidenceEventSink events,
    ILogger<EvidenceFreezer> logger) : IEvidenceFreezer
{

    public async Task<EvidenceFreezeResult> FreezePostAsync(long postId, string? alertId, string operatorName, CancellationToken cancellationToken)
    {
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
            throw new ArgumentException($"'{redactor.Redact(url.OriginalString)}' is not an absolute http(s) URL", nameof(url));
        }

        // An operator's URL meets the outbound policy before any packet exists: an internal address is refused, not frozen.
        try
        {
            await guard.ResolveAsync(url.IdnHost, fetcher.Rules, "evidence-freeze", cancellationToken).ConfigureAwait(false);
        }
        catch (OutboundRefusedException ex)
        {
            throw new ArgumentException($"'{redactor.Redact(url)}' is refused: {redactor.Redact(ex.Message)}", nameof(url), ex);
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
            var packet = new PacketWriter(staging, o, paths.Value, redactor);
            var problems = new List<string>();
            var custody = new CustodyLog(CustodyLog.Zero, 0);
            var actor = $"{o.Operator.SystemAccount}/{request.Operator}";
            var target = redactor.Redact(request.Url);

            // The chain is hashed line by line, so each line loses its credentials before it is appended.
            void Custody(string action, string obj, string? sha256, string note) =>
                custody.Append(time.GetUtcNow(), actor, action, packet.Redact(obj), sha256, packet.Redact(note));

            Custody("CAPTURE_START", target, null,
                $"purpose={request.Purpose}; alert={request.AlertId ?? "-"}; post={request.Post?.Id.ToString(CultureInfo.InvariantCulture) ?? "-"}; access=anonymous; logged_in=false");

            // Fresh anonymous fetch; block pages and failures are retried (a captcha may clear, a deletion will not).
            var attempts = new List<Judged>();
            for (var attempt = 0; ; attempt++)
            {
                var fetch = await fetcher.FetchAsync(request.Url, cancellationToken).ConfigureAwait(false);
                var judged = Judge(fetch);
                attempts.Add(judged);
                if (!BlockPageDetector.IsRetryable(judged.Verdict) || attempt >= o.BlockPageRetries)
                {
                    break;
                }

                await Task.Delay(o.RetryDelay, time, cancellationToken).ConfigureAwait(false);
            }

            var fresh = attempts[^1];
            var offset = fresh.Fetch.ServerClockOffset;
            Custody("CLOCK_CHECK", "system-clock", null,
                $"system clock {WarcWriter.Date(fresh.Fetch.StartedUtc)}; server Date header offset {(offset is { } off ? $"{off.TotalMilliseconds:0} ms" : "unknown")}; source http_date");
            for (var i = 0; i < attempts.Count; i++)
            {
                Custody("FETCHED", target, null,
                    $"attempt {i + 1}: {attempts[i].Verdict} ({attempts[i].Reason}); status {attempts[i].Fetch.Final?.Status.ToString(CultureInfo.InvariantCulture) ?? "-"}; final {attempts[i].Fetch.Final?.Url.AbsoluteUri ?? "-"}");
            }

            string captureSource;
            Screenshots? shots = null;
            CapturedExchange? primary = null;
            EvidenceFetch? primaryFetch = null;
            string? title = null;
            if (fresh.Verdict == CaptureVerdict.Genuine)
            {
                captureSource = "fresh";
                primary = fresh.Fetch.Final!;
                primaryFetch = fresh.Fetch;
                title = fresh.Title;
                shots = await screenshotter.CaptureAsync(new RenderRequest(primary.Url, primary.Body, primary.Header("Content-Type")), cancellationToken).ConfigureAwait(false);
                packet.WriteCapture("capture", fresh.Fetch.Hops, fresh.Fetch, fresh.Text, shots, "fresh anonymous fetch", started);
                if (request.CrawlExchange is { } crawl)
                {
                    var crawlText = PageText.Extract(crawl.Body, crawl.Header("Content-Type"), parseLimits.Value);
                    if (crawlText.Problem is { } textProblem)
                    {
                        problems.Add($"crawl-time copy: {textProblem}");
                    }

                    packet.WriteCapture("crawl", [FromExchange(crawl)], null, crawlText.Text, null, $"crawl-time copy fetched {WarcWriter.Date(crawl.FetchedAtUtc)}", started);
                }
            }
            else
            {
                problems.Add($"fresh capture is not evidence: {fresh.Verdict} ({fresh.Reason})");
                var failedHops = attempts.SelectMany(a => a.Fetch.Hops).ToList();
                if (failedHops.Count > 0)
                {
                    packet.WriteCapture("failed", failedHops, fresh.Fetch, fresh.Text, null, $"FAILED fresh capture: {fresh.Verdict} ({fresh.Reason}) - not evidence of content", started);
                }
                else
                {
                    packet.AddGenerated("failed/fetch-failure.txt", $"{fresh.Verdict}: {fresh.Reason}\n{fresh.Fetch.FailureDetail}\n", "failure-note", "失败说明", "text/plain", "fresh anonymous fetch");
                }

                if (request.CrawlExchange is { } crawl)
                {
                    var crawlText = PageText.Extract(crawl.Body, crawl.Header("Content-Type"), parseLimits.Value);
                    var crawlVerdict = crawlText.Problem is { } textProblem
                        ? (CaptureVerdict.Unreadable, textProblem)
                        : BlockPageDetector.Classify(crawl.StatusCode, crawl.FinalUrl, crawlText.Title, crawlText.Text);
                    if (crawlVerdict.Item1 == CaptureVerdict.Genuine)
                    {
                        captureSource = "crawl-time";
                        primary = FromExchange(crawl);
                        title = crawlText.Title;
                        problems.Add($"frozen from the crawl-time copy fetched {WarcWriter.Date(crawl.FetchedAtUtc)} (the fresh fetch found: {fresh.Reason})");
                        // Rendered at its own URL from memory (route interception), never from a file: URL a page could read beside.
                        shots = await screenshotter.CaptureAsync(new RenderRequest(primary.Url, crawl.Body, crawl.Header("Content-Type")), cancellationToken).ConfigureAwait(false);
                        packet.WriteCapture("capture", [primary], null, crawlText.Text, shots, $"crawl-time copy fetched {WarcWriter.Date(crawl.FetchedAtUtc)} (screenshots render the stored source)", started);
                    }
                    else
                    {
                        captureSource = "failed";
                        problems.Add(crawlVerdict.Item1 == CaptureVerdict.Unreadable
                            ? $"the crawl-time copy is not evidence either ({crawlVerdict.Item1}: {crawlVerdict.Item2})"
                            : $"the crawl-time copy is not evidence either ({crawlVerdict.Item1})");
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
                var postImages = await images.GetForPostAsync(imagePost.Id, cancellationToken).ConfigureAwait(false);
                if (postImages.Count > 0)
                {
                    await packet.AddPostImagesAsync(imagePost.Id, postImages, problems, cancellationToken).ConfigureAwait(false);
                }
            }

            // Problems are printed, stored and sealed: none of them may carry a credential.
            for (var i = 0; i < problems.Count; i++)
            {
                problems[i] = packet.Redact(problems[i]);
            }

            // Documents (they list the artifacts' hashes), then certificates, README and VERIFY.sh.
            var finished = time.GetUtcNow();
            var signerCerts = signer.Load(out _);
            packet.AddGenerated("metadata/item.json",
                PacketDocuments.ItemJson(o, id, request, fresh.Fetch, fresh.Verdict, fresh.Reason, primary, primaryFetch, title, captureSource, shots, started, finished, packet.Artifacts, signerCerts),
                "metadata", "元数据", "application/json", "generated");
            packet.AddGenerated("record/extraction-record.zh.txt",
                PacketDocuments.ExtractionRecord(o, id, request, fresh, captureSource, primary, shots, started, finished, packet.Artifacts, problems),
                "extraction-record", "电子数据固定工作记录", "text/plain", "generated");
            packet.WriteEvidenceList(finished);
            packet.WriteCertificates(signerCerts);
            var sound = captureSource != "failed";
            packet.WriteFile("README.txt", VerifyScript.Readme(id, signerCerts?.IsDevelopment ?? false, sound, problems));
            AtomicFile.WriteText(Path.Combine(staging, "VERIFY.sh"), VerifyScript.Sh);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(staging, "VERIFY.sh"), (UnixFileMode)0b111_101_101);
            }

            foreach (var rel in PacketSealer.SealedFiles(staging).Where(p => !p.StartsWith("custody/", StringComparison.Ordinal)))
            {
                Custody("ARTIFACT_HASHED", rel, Digests.Sha256Hex(Path.Combine(staging, rel)), "sha256 and sm3 in MANIFEST.*");
            }

            Custody("CAPTURE_END", target, null, $"source={captureSource}; sound_capture={sound}");
            AtomicFile.WriteText(Path.Combine(staging, PacketSealer.CustodyPath), custody.Text);

            var seal = await sealer.SealAsync(staging, actor, cancellationToken).ConfigureAwait(false);
            problems.AddRange(seal.Problems.Select(packet.Redact));
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
                var reason = packet.Redact(fresh.Reason);
                EvidenceLog.CaptureFailed(logger, target, reason, captureSource == "crawl-time");
                await events.CaptureFailedAsync(new EvidenceCaptureFailed(id, new Uri(target), request.AlertId, $"{fresh.Verdict}: {reason}", captureSource == "crawl-time"), cancellationToken).ConfigureAwait(false);
            }

            EvidenceLog.Frozen(logger, id, target, sound, captureSource, clock.ElapsedMilliseconds);
            return new FreezeOutcome(new EvidenceFreezeResult(id, sound, final, problems), item, fresh.Verdict, packet.Redact(fresh.Reason));
        }
        catch
        {
            // A half-built packet stays under .staging/ (never looks whole); remove it so retries start clean.
            TryDelete(staging);
            throw;
        }
    }

    private Judged Judge(EvidenceFetch fetch)
    {
        if (fetch.Failure != FetchFailure.None || fetch.Final is null)
        {
            return new Judged(fetch, CaptureVerdict.FetchFailed, $"{fetch.Failure}: {fetch.FailureDetail}", null, "");
        }

        var final = fetch.Final;
        var page = PageText.Extract(final.Body, final.Header("Content-Type"), parseLimits.Value);
        if (page.Problem is { } problem)
        {
            // The page's bytes are kept (failed/), but what it is cannot be told without its text.
            return new Judged(fetch, CaptureVerdict.Unreadable, problem, null, "");
        }

        var (verdict, reason) = BlockPageDetector.Classify(final.Status, final.Url, page.Title, page.Text);
        return new Judged(fetch, verdict, reason, page.Title, page.Text);
    }

    private static CapturedExchange FromExchange(HttpExchange e) => new(
        e.FinalUrl, e.Method, e.RequestHeaders, e.StatusCode, ReasonPhrases.GetReasonPhrase(e.StatusCode), "HTTP/1.1",
        e.ResponseHeaders.Where(h => !string.Equals(h.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).ToList(),
        e.Body, false, e.FetchedAtUtc, e.RemoteIp);

    private string NewId(DateTimeOffset at) =>
        $"EVD-{ChinaTime.ToBeijing(at):yyyyMMdd}-{ChinaTime.ToBeijing(at):HHmmssfff}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

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
