namespace SentimentWatch.Crawler.Images;

/// <summary>
/// How images found in posts are read (section <c>Crawler:Images</c>): fetched politely through the crawler's fetcher,
/// stored content-addressed under <c>Paths:Data/images</c>, read with Tesseract (OCR) and ZXing (QR codes) off the
/// collection path. A post never waits for its images: they add a post version when they give text.
/// </summary>
public sealed class ImageOptions
{
    public const string Section = "Crawler:Images";

    /// <summary>Read images at all (the image roles of the profiles are still recorded when off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most images read per post (in page order); the rest are recorded as skipped with the reason.</summary>
    public int MaxPerPost { get; set; } = 9;

    /// <summary>Largest image read, in bytes (also capped by <c>Crawler:Fetching:MaxBodyBytes</c>).</summary>
    public long MaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest declared width × height decoded; a header claiming more is a decompression bomb and is never decoded.</summary>
    public long MaxPixels { get; set; } = 30_000_000;

    /// <summary>Fetch attempts per image before it is recorded as failed.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Images claimed per round of the reader.</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>Images read at once (each OCR is one Tesseract process on one thread).</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>How often the reader looks for new images when it has none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Tesseract executable (Debian: <c>tesseract-ocr</c>).</summary>
    public string TesseractPath { get; set; } = "tesseract";

    /// <summary>Tesseract languages (Debian: <c>tesseract-ocr-chi-sim</c> gives <c>chi_sim</c>, which also reads Latin letters and digits).</summary>
    public string OcrLanguages { get; set; } = "chi_sim";

    /// <summary>Tesseract page segmentation mode (3: automatic; 6: one block of text; 11: sparse text).</summary>
    public int OcrPageSegmentation { get; set; } = 3;

    /// <summary>Longest one OCR may take before it is stopped and recorded as failed.</summary>
    public TimeSpan OcrTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
