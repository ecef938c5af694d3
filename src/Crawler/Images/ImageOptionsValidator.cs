using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Images;

/// <summary>Refuses start-up on <c>Crawler:Images</c> values that would read nothing or read without bounds.</summary>
internal sealed class ImageOptionsValidator : IValidateOptions<ImageOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = ImageOptions.Section;
        var errors = new ConfigErrors();
        errors.Between($"{s}:MaxPerPost", options.MaxPerPost, 1, 50);
        errors.Between($"{s}:MaxBytes", options.MaxBytes, 1024, 100L * 1024 * 1024);
        errors.Between($"{s}:MaxPixels", options.MaxPixels, 10_000, 200_000_000);
        errors.Between($"{s}:MaxAttempts", options.MaxAttempts, 1, 20);
        errors.Between($"{s}:BatchSize", options.BatchSize, 1, 1000);
        errors.Between($"{s}:Concurrency", options.Concurrency, 1, 64);
        errors.Between($"{s}:OcrPageSegmentation", options.OcrPageSegmentation, 0, 13);
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{s}:PollInterval", options.PollInterval, "must be between 00:00:00.001 and 00:10:00");
        }

        if (options.OcrTimeout <= TimeSpan.Zero || options.OcrTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{s}:OcrTimeout", options.OcrTimeout, "must be between 00:00:00.001 and 00:10:00");
        }

        if (string.IsNullOrWhiteSpace(options.TesseractPath))
        {
            errors.Add($"{s}:TesseractPath", options.TesseractPath, "must name the tesseract executable");
        }

        if (string.IsNullOrWhiteSpace(options.OcrLanguages) || options.OcrLanguages.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '+')))
        {
            errors.Add($"{s}:OcrLanguages", options.OcrLanguages, "must be Tesseract language names joined by '+', e.g. chi_sim+eng");
        }

        return errors.ToResult();
    }
}
