using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Collection;

/// <summary>Refuses start-up on <c>Crawler:Collection</c> values that would make runs collect nothing or never refresh.</summary>
internal sealed class CollectionOptionsValidator : IValidateOptions<CollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string s = CollectionOptions.Section;
        var errors = new ConfigErrors();
        if (options.RecrawlMaxPerRun < 0)
        {
            errors.Add($"{s}:RecrawlMaxPerRun", options.RecrawlMaxPerRun, "must be 0 (no recrawl) or more");
        }

        if (options.MaxDetailPagesPerRun < 1)
        {
            errors.Add($"{s}:MaxDetailPagesPerRun", options.MaxDetailPagesPerRun, "must be at least 1");
        }

        if (options.MaxPagesPerThread < 1)
        {
            errors.Add($"{s}:MaxPagesPerThread", options.MaxPagesPerThread, "must be at least 1");
        }

        if (options.RecrawlEvery < TimeSpan.Zero || options.RecrawlEvery > TimeSpan.FromDays(1))
        {
            errors.Add($"{s}:RecrawlEvery", options.RecrawlEvery, "must be between 00:00:00 (every run) and 1.00:00:00");
        }

        return errors.ToResult();
    }
}
