using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Images;
using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>
/// Follows the post store's change stream and classifies every new or edited post version. The checkpoint moves
/// only after the classifications are saved, and saving is idempotent per post version, so a crash at any point
/// repeats work but never loses a post or stores one version twice.
/// </summary>
internal sealed class ClassificationWorker : BackgroundService
{
    public const string CheckpointName = "classifier";

    private readonly IPostStore _posts;
    private readonly IClassificationStore _classifications;
    private readonly ICheckpointStore _checkpoints;
    private readonly ClassifierModelProvider _provider;
    private readonly ClassificationWorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClassificationWorker> _logger;
    private readonly PipelineSignals? _signals;
    private readonly IPostImageStore? _images;
    private readonly IStageLeadership _leadership;

    public ClassificationWorker(
        IPostStore posts, IClassificationStore classifications, ICheckpointStore checkpoints, ClassifierModelProvider provider,
        IOptions<ClassifierOptions> options, TimeProvider time, ILogger<ClassificationWorker> logger, PipelineSignals? signals = null,
        IPostImageStore? images = null, IStageLeadership? leadership = null)
    {
        _leadership = leadership ?? SingleNodeLeadership.Instance;
        _signals = signals;
        _images = images;
        _posts = posts;
        _classifications = classifications;
        _checkpoints = checkpoints;
        _provider = provider;
        _options = options.Value.Worker;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IPostClassifier classifier;
        try
        {
            classifier = _provider.Classifier;
        }
        catch (ModelUnavailableException ex)
        {
            // A worker without a model must not look healthy: fail the host.
            ClassifierLog.ModelUnavailable(_logger, ex.Message, ex);
            throw;
        }

        var checkpoint = await _checkpoints.GetAsync(CheckpointName, stoppingToken).ConfigureAwait(false);
        ClassifierLog.WorkerStarting(_logger, checkpoint);
        var leading = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                // On several nodes one of them classifies; the checkpoint another leader moved is read again on taking over.
                var leads = await _leadership.LeadsAsync(Stages.Classification, stoppingToken).ConfigureAwait(false);
                if (leads && !leading)
                {
                    checkpoint = await _checkpoints.GetAsync(CheckpointName, stoppingToken).ConfigureAwait(false);
                }

                leading = leads;
                if (!leads)
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var processed = await RunOnceAsync(classifier, checkpoint, stoppingToken).ConfigureAwait(false);
                if (processed.Count > 0)
                {
                    checkpoint = processed.Checkpoint;
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
                ClassifierLog.RoundFailed(_logger, checkpoint, (long)_options.ErrorBackoff.TotalMilliseconds, ex);
                wait = _options.ErrorBackoff;
                checkpoint = await ReloadCheckpointAsync(checkpoint, stoppingToken).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        ClassifierLog.WorkerStopped(_logger, checkpoint);
    }

    private async Task<long> ReloadCheckpointAsync(long fallback, CancellationToken cancellationToken)
    {
        try
        {
            return await _checkpoints.GetAsync(CheckpointName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The store is still down; the next round reports it.
            return fallback;
        }
    }

    /// <summary>One round: read a batch of changes after <paramref name="checkpoint"/>, classify and save each, then move the checkpoint.</summary>
    internal async Task<(int Count, long Checkpoint)> RunOnceAsync(IPostClassifier classifier, long checkpoint, CancellationToken cancellationToken)
    {
        var changes = await _posts.GetChangesAfterAsync(checkpoint, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        if (changes.Count == 0)
        {
            return (0, checkpoint);
        }

        // Text read from the posts' images (OCR, QR codes) is read below their own text, marked by section.
        var imageTexts = _images is null
            ? new Dictionary<long, PostImageText>()
            : await _images.GetTextAsync(changes.Select(c => c.Post.Id).Distinct().ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var change in changes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var imageText = imageTexts.GetValueOrDefault(change.Post.Id);
            var post = imageText is null ? change.Post : change.Post with { ImageText = imageText.ToClassifiedText() };
            var result = ImageReasons.Add(
                classifier.Classify(new ClassificationInput(post.ClassifiedText, post.Platform, post.Author.Id ?? post.Author.DisplayName, post.ClassifiedAtUtc)),
                post, imageText);
            await _classifications.SaveAsync(post.Id, post.Version, _time.GetUtcNow(), result, cancellationToken).ConfigureAwait(false);
            if (Labels.IsHarmful(result.Label))
            {
                ClassifierLog.HarmfulPost(_logger, post.Id, post.Version, result.Label, result.Confidence, string.Join("; ", result.Reasons.Take(4)));
            }
        }

        var last = changes[^1].Sequence;
        await _checkpoints.SetAsync(CheckpointName, last, cancellationToken).ConfigureAwait(false);
        // The classifications are committed: wake alerting now rather than at its next poll.
        _signals?.Classified.Notify();
        ClassifierLog.BatchClassified(_logger, changes.Count, last);
        return (changes.Count, last);
    }
}
