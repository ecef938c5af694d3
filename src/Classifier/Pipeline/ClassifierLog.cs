using Microsoft.Extensions.Logging;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>Classifier pipeline log events, ids 2100–2199 (other 2xxx sub-bands belong to the other classifier areas).</summary>
internal static partial class ClassifierLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Classifier model {ModelVersion} loaded from {ModelFile} in {ElapsedMs} ms")]
    public static partial void ModelLoaded(ILogger logger, string modelVersion, string modelFile, long elapsedMs);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Critical, Message = "Classifier cannot start: {Problem}")]
    public static partial void ModelUnavailable(ILogger logger, string problem, Exception exception);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Classification worker starting after change {Checkpoint}")]
    public static partial void WorkerStarting(ILogger logger, long checkpoint);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Debug, Message = "Classified {Count} post versions up to change {Checkpoint}")]
    public static partial void BatchClassified(ILogger logger, int count, long checkpoint);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Error, Message = "Classification round failed after change {Checkpoint}; retrying in {BackoffMs} ms")]
    public static partial void RoundFailed(ILogger logger, long checkpoint, long backoffMs, Exception exception);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Information, Message = "Classification worker stopped at change {Checkpoint}")]
    public static partial void WorkerStopped(ILogger logger, long checkpoint);

    [LoggerMessage(EventId = 2114, Level = LogLevel.Warning, Message = "Post {PostId} v{Version} classified {Label} ({Confidence:0.00}): {Reasons}")]
    public static partial void HarmfulPost(ILogger logger, long postId, int version, string label, double confidence, string reasons);

    [LoggerMessage(EventId = 2120, Level = LogLevel.Warning, Message = "Variant table {File} differs from the one the model was trained with; retrain with `sw train` to learn from the new rows")]
    public static partial void VariantsChanged(ILogger logger, string file);
}
