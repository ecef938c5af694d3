using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Images;
using SentimentWatch.Crawler.Fetching;

namespace SentimentWatch.Crawler.Images;

/// <summary>
/// Reads the images the crawler found, off the collection path: claims pending images, fetches each through the
/// crawler's polite fetcher (robots, per-host delay, size cap), stores the bytes content-addressed, reads QR codes and
/// text, and records the result. When a post's images gave text the store appends a post version, so the classifier
/// reads the post again and its level may rise; the post itself was stored, classified and alerted without waiting.
/// A bad image is recorded with its reason; nothing here stops collection or the worker.
/// </summary>
internal sealed class ImageReader(
    IPostImageStore store,
    IPageFetcher fetcher,
    ImageAnalyser analyser,
    ImageFiles files,
    IOptions<ImageOptions> options,
    TimeProvider time,
    ILogger<ImageReader> logger) : BackgroundService
{
    /// <summary>The source id image fetches are made under (politeness and robots are per host, whatever the source).</summary>
    public const string FetchSourceId = "images";

    private readonly ImageOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var done = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (done > 0)
                {
                    continue;
                }

                wait = _options.PollInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The store is unreachable or full: say so and try again later; pending images stay pending.
                wait = _options.PollInterval * 5;
                ImageLog.RoundFailed(logger, (long)wait.TotalMilliseconds, ex);
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round: read up to a batch of pending images, <see cref="ImageOptions.Concurrency"/> at a time. Returns how many were handled.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var pending = await store.GetPendingAsync(_options.BatchSize, _options.MaxAttempts, cancellationToken).ConfigureAwait(false);
        if (pending.Count == 0)
        {
            return 0;
        }

        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (image, ct) => await ReadOneAsync(image, ct).ConfigureAwait(false)).ConfigureAwait(false);
        return pending.Count;
    }

    private async Task ReadOneAsync(PostImage image, CancellationToken cancellationToken)
    {
        try
        {
            if (image.Ordinal >= _options.MaxPerPost)
            {
                await SaveAsync(image, Unread(PostImageState.Skipped, $"beyond the first {_options.MaxPerPost} images of the post (Crawler:Images:MaxPerPost)"), cancellationToken).ConfigureAwait(false);
                return;
            }

            var fetched = await fetcher.FetchAsync(new FetchRequest(image.Url, FetchSourceId), cancellationToken).ConfigureAwait(false);
            if (fetched.Outcome == FetchOutcome.Gone)
            {
                await SaveAsync(image, Unread(PostImageState.Failed, $"gone (HTTP {fetched.Exchange?.StatusCode})"),
                    cancellationToken).ConfigureAwait(false);
                return;
            }

            if (fetched.Failure is { Kind: Core.Collection.SourceFailureKind.TooLarge } tooLarge)
            {
                // Asking again gives the same answer: refuse it once, with the fetcher's reason.
                await SaveAsync(image, Unread(PostImageState.Skipped, tooLarge.Reason), cancellationToken)
                    .ConfigureAwait(false);
                return;
            }

            if (fetched.Outcome != FetchOutcome.Ok || fetched.Exchange is null)
            {
                var reason = fetched.Failure?.Reason ?? fetched.Outcome.ToString();
                ImageLog.FetchFailed(logger, image.Id, image.PostId, image.Url, reason);
                await store.RecordAttemptAsync(image.Id, reason, _options.MaxAttempts, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                return;
            }

            var bytes = fetched.Exchange.Body;
            var result = await analyser.AnalyseAsync(bytes, cancellationToken).ConfigureAwait(false);
            if (result.State == PostImageState.Analysed && result.Sha256 is { } sha)
            {
                await files.SaveAsync(sha, bytes, cancellationToken).ConfigureAwait(false);
            }

            await SaveAsync(image, result, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One image never stops the others: count the attempt; after MaxAttempts it is recorded as failed.
            ImageLog.ImageFailed(logger, image.Id, image.PostId, ex);
            await store.RecordAttemptAsync(image.Id, $"{ex.GetType().Name}: {ex.Message}", _options.MaxAttempts, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A result for an image whose bytes were never read: only its state and the reason.</summary>
    private static PostImageResult Unread(PostImageState state, string reason) =>
        new(state, reason, null, null, null, null, null, null, []);

    private async Task SaveAsync(PostImage image, PostImageResult result, CancellationToken cancellationToken)
    {
        var version = await store.SaveResultAsync(image.Id, result, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        ImageLog.Read(logger, image.Id, image.PostId, result.State.ToString().ToLowerInvariant(), result.Reason is null ? "" : " (" + result.Reason + ")",
            result.OcrText?.Length ?? 0, result.QrPayloads.Count);
        if (version is { } v)
        {
            ImageLog.Requeued(logger, image.PostId, v);
        }
    }
}
