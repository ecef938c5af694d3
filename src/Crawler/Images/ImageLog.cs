using Microsoft.Extensions.Logging;

namespace SentimentWatch.Crawler.Images;

internal static partial class ImageLog
{
    [LoggerMessage(1300, LogLevel.Information, "Image {ImageId} of post {PostId} read: {State}{Reason}; {Chars} characters of text, {Codes} QR code(s)")]
    public static partial void Read(ILogger logger, long imageId, long postId, string state, string reason, int chars, int codes);

    [LoggerMessage(1301, LogLevel.Warning, "Image {ImageId} of post {PostId} at {Url}: fetch failed ({Reason})")]
    public static partial void FetchFailed(ILogger logger, long imageId, long postId, Uri url, string reason);

    [LoggerMessage(1302, LogLevel.Information, "Post {PostId}: its images gave text; version {Version} queued for classification")]
    public static partial void Requeued(ILogger logger, long postId, int version);

    [LoggerMessage(1303, LogLevel.Error, "Image reader round failed; retrying in {BackoffMs} ms")]
    public static partial void RoundFailed(ILogger logger, long backoffMs, Exception exception);

    [LoggerMessage(1304, LogLevel.Error, "Image {ImageId} of post {PostId}: unexpected error while reading")]
    public static partial void ImageFailed(ILogger logger, long imageId, long postId, Exception exception);
}
