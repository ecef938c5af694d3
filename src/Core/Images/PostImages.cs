namespace SentimentWatch.Core.Images;

/// <summary>Where an image of a post stands: found on the page, read (text and codes extracted), or given up on with a reason.</summary>
public enum PostImageState
{
    /// <summary>Found on the page; not fetched yet.</summary>
    Pending,

    /// <summary>Fetched, stored content-addressed and read (OCR text and QR payloads, possibly empty).</summary>
    Analysed,

    /// <summary>Fetched or read and refused with a reason (too big, not an image, animated, decompression bomb, OCR failed…).</summary>
    Skipped,

    /// <summary>Could not be fetched after the configured attempts (the reason says why).</summary>
    Failed,
}

/// <summary>One image of a post, as the image reader left it.</summary>
/// <param name="Sha256">Content address of the stored bytes (hex), once fetched.</param>
/// <param name="OcrText">Text read from the image by OCR (trimmed; null when none was read).</param>
/// <param name="QrPayloads">Payloads of every QR code decoded in the image.</param>
public sealed record PostImage(
    long Id,
    long PostId,
    int Ordinal,
    Uri Url,
    PostImageState State,
    string? Reason,
    string? Sha256,
    string? MediaType,
    long? Bytes,
    int? Width,
    int? Height,
    string? OcrText,
    IReadOnlyList<string> QrPayloads,
    int Attempts,
    DateTimeOffset FoundAtUtc,
    DateTimeOffset? DoneAtUtc);

/// <summary>What reading one image gave.</summary>
public sealed record PostImageResult(
    PostImageState State,
    string? Reason,
    string? Sha256,
    string? MediaType,
    long? Bytes,
    int? Width,
    int? Height,
    string? OcrText,
    IReadOnlyList<string> QrPayloads);

/// <summary>
/// Images found in posts. The crawler's page commit records them (pending); the image reader claims pending ones,
/// stores the result and, when an image gave text or a code, adds a post version so the classifier reads the post again
/// with its image text. Safe to call concurrently.
/// </summary>
public interface IPostImageStore
{
    /// <summary>Up to <paramref name="limit"/> pending images whose attempts are fewer than <paramref name="maxAttempts"/>, oldest first.</summary>
    Task<IReadOnlyList<PostImage>> GetPendingAsync(int limit, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>Counts one fetch attempt that failed transiently (the image stays pending until the attempts run out).</summary>
    Task RecordAttemptAsync(long imageId, string reason, int maxAttempts, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Stores what reading the image gave. When it is the last unread image of its post and any image of the post gave text
    /// or a code, a new post version (cause <c>image_text</c>, same title and text) is appended to the change stream, so
    /// the classifier reads the post again with its image text; returns that version, else null.
    /// </summary>
    Task<int?> SaveResultAsync(long imageId, PostImageResult result, DateTimeOffset atUtc, CancellationToken cancellationToken);

    Task<IReadOnlyList<PostImage>> GetForPostAsync(long postId, CancellationToken cancellationToken);

    /// <summary>The image text of each post that has any (OCR text and QR payloads of its read images), by post id.</summary>
    Task<IReadOnlyDictionary<long, PostImageText>> GetTextAsync(IReadOnlyCollection<long> postIds, CancellationToken cancellationToken);
}

/// <summary>The words a post carries in its images: OCR text and QR payloads, in image order.</summary>
public sealed record PostImageText(IReadOnlyList<string> OcrTexts, IReadOnlyList<string> QrPayloads)
{
    public bool IsEmpty => OcrTexts.Count == 0 && QrPayloads.Count == 0;

    /// <summary>How the classifier reads it below the post's own text: marked sections 【图片文字】 and 【二维码】.</summary>
    public string ToClassifiedText()
    {
        var parts = new List<string>(2);
        if (OcrTexts.Count > 0)
        {
            parts.Add(ImageTextMarkers.Ocr + string.Join("\n", OcrTexts));
        }

        if (QrPayloads.Count > 0)
        {
            parts.Add(ImageTextMarkers.Qr + string.Join("\n", QrPayloads));
        }

        return string.Join("\n", parts);
    }
}

/// <summary>Section markers of image text inside the text the classifier reads (and the reasons it gives).</summary>
public static class ImageTextMarkers
{
    public const string Ocr = "【图片文字】";
    public const string Qr = "【二维码】";
}

/// <summary>
/// Where an image's bytes live once read: <c>Paths:Data/images/ab/cd/abcd….bin</c>, named by their SHA-256. The image
/// reader writes them; evidence copies them into packets.
/// </summary>
public static class ImageContent
{
    public static string PathOf(Configuration.PathsOptions paths, string sha256)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("not a lower-case SHA-256 hex digest", nameof(sha256));
        }

        return paths.DataPath("images", sha256[..2], sha256[2..4], sha256 + ".bin");
    }
}
