using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Pages;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Limits on what one page may cost to parse (<c>Crawler:Parsing</c>). A page over a limit fails with the limit named
/// (e.g. "nesting deeper than 512") and the run goes on with the next page.
/// </summary>
public sealed class ParsingOptions
{
    public const string Section = "Crawler:Parsing";

    /// <summary>Deepest element nesting an HTML page may have (<see cref="HtmlParseLimits.DefaultMaxDepth"/>; evidence reads the same key).</summary>
    public int MaxDepth { get; set; } = HtmlParseLimits.DefaultMaxDepth;

    /// <summary>Longest one page may take to parse before it fails (a second line of defence after <see cref="MaxDepth"/>; evidence reads the same key).</summary>
    public TimeSpan MaxParseTime { get; set; } = HtmlParseLimits.DefaultMaxParseTime;

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
        HtmlParseLimits.Check(errors, s, options.MaxDepth, options.MaxParseTime);

        errors.Between($"{s}:MaxJsonDepth", options.MaxJsonDepth, 8, 1024);

        if (options.MaxJsonChars is < 1024)
        {
            errors.Add($"{s}:MaxJsonChars", options.MaxJsonChars, "must be at least 1024");
        }

        return errors.ToResult();
    }
}
