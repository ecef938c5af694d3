using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Limits on what one page may cost to parse (<c>Crawler:Parsing</c>). A page over a limit fails with the limit named
/// (e.g. "nesting deeper than 512") and the run goes on with the next page.
/// </summary>
public sealed class ParsingOptions
{
    public const string Section = "Crawler:Parsing";

    /// <summary>
    /// Deepest element nesting an HTML page may have. Tree building costs grow with depth × size (50,000 nested
    /// elements took 52 s), and real pages stay far below 100; 512 leaves room for broken markup that never closes tags.
    /// </summary>
    public int MaxDepth { get; set; } = 512;

    /// <summary>Longest one page may take to parse before it fails (a second line of defence after <see cref="MaxDepth"/>).</summary>
    public TimeSpan MaxParseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deepest nesting a JSON answer may have.</summary>
    public int MaxJsonDepth { get; set; } = 128;

    /// <summary>Largest JSON answer, in characters, a JSON source may parse.</summary>
    public int MaxJsonChars { get; set; } = 16 * 1024 * 1024;
}

internal sealed class ParsingOptionsValidator : IValidateOptions<ParsingOptions>
{
    public ValidateOptionsResult Validate(string? name, ParsingOptions options)
    {
        const string s = ParsingOptions.Section;
        var errors = new ConfigErrors();
        if (options.MaxDepth is < 32 or > 10_000)
        {
            errors.Add($"{s}:MaxDepth", options.MaxDepth, "must be between 32 and 10000");
        }

        if (options.MaxParseTime < TimeSpan.FromMilliseconds(100) || options.MaxParseTime > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{s}:MaxParseTime", options.MaxParseTime, "must be between 00:00:00.1 and 00:05:00");
        }

        if (options.MaxJsonDepth is < 8 or > 1024)
        {
            errors.Add($"{s}:MaxJsonDepth", options.MaxJsonDepth, "must be between 8 and 1024");
        }

        if (options.MaxJsonChars is < 1024)
        {
            errors.Add($"{s}:MaxJsonChars", options.MaxJsonChars, "must be at least 1024");
        }

        return errors.ToResult();
    }
}
