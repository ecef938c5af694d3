using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Pages;

/// <summary>
/// What one HTML page may cost to parse, in one home for every stage that builds a tree from a page: the crawler's
/// parser (<c>Crawler:Parsing</c>, with its JSON limits) and evidence's page text read the same two keys, so a page
/// built to stall one stalls neither.
/// </summary>
public sealed class HtmlParseLimits
{
    /// <summary>The section both stages read (the crawler's, where operators already set these limits).</summary>
    public const string Section = "Crawler:Parsing";

    /// <summary>
    /// Deepest element nesting an HTML page may have. Tree building costs grow with depth × size (50,000 nested
    /// elements took 52 s), and real pages stay far below 100; 512 leaves room for broken markup that never closes tags.
    /// </summary>
    public const int DefaultMaxDepth = 512;

    /// <summary>Longest one page may take to parse (a second line of defence after the depth limit).</summary>
    public static readonly TimeSpan DefaultMaxParseTime = TimeSpan.FromSeconds(10);

    /// <inheritdoc cref="DefaultMaxDepth"/>
    public int MaxDepth { get; set; } = DefaultMaxDepth;

    /// <inheritdoc cref="DefaultMaxParseTime"/>
    public TimeSpan MaxParseTime { get; set; } = DefaultMaxParseTime;

    /// <summary>Adds an error per out-of-range limit, each naming its key under <paramref name="section"/>.</summary>
    public static void Check(ConfigErrors errors, string section, int maxDepth, TimeSpan maxParseTime)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Between($"{section}:MaxDepth", maxDepth, 32, 10_000);

        if (maxParseTime < TimeSpan.FromMilliseconds(100) || maxParseTime > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{section}:MaxParseTime", maxParseTime, "must be between 00:00:00.1 and 00:05:00");
        }
    }
}

/// <summary>Start-up check of <see cref="HtmlParseLimits"/> for stages that read the limits without the crawler's validator.</summary>
public sealed class HtmlParseLimitsValidator : Microsoft.Extensions.Options.IValidateOptions<HtmlParseLimits>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, HtmlParseLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new ConfigErrors();
        HtmlParseLimits.Check(errors, HtmlParseLimits.Section, options.MaxDepth, options.MaxParseTime);
        return errors.ToResult();
    }
}
