using Microsoft.Extensions.Logging;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>Segmentation log messages (event ids 2600–2649 of the Classifier band).</summary>
internal static partial class SegmentationLog
{
    [LoggerMessage(EventId = 2600, Level = LogLevel.Information,
        Message = "Segmenter loaded: {Keys} dictionary keys, total {Total}, {UserDictionaries} user dictionaries, in {ElapsedMs} ms")]
    public static partial void SegmenterLoaded(ILogger logger, int keys, long total, int userDictionaries, long elapsedMs);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "Keyword IDF table loaded: {Entries} entries in {ElapsedMs} ms")]
    public static partial void IdfLoaded(ILogger logger, int entries, long elapsedMs);
}
