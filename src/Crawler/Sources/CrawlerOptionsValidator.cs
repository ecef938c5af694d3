using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Refuses start-up on any bad source, naming every bad key and value at once: binding errors, duplicate ids, and each
/// source as <see cref="SourceOptionsValidator"/> checks it (URLs, profile, kind, schedule, browser, markers, selectors),
/// plus headers and cookies a profile brought in.
/// </summary>
internal sealed partial class CrawlerOptionsValidator(SourceBindErrors bindErrors, SourceConfiguration configuration) : IValidateOptions<CrawlerOptions>
{
    public ValidateOptionsResult Validate(string? name, CrawlerOptions options)
    {
        var errors = new ConfigErrors();
        foreach (var (key, value, reason) in bindErrors.Errors)
        {
            if (value is null)
            {
                errors.Add(key, reason);
            }
            else
            {
                errors.Add(key, value, reason);
            }
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var key = i < bindErrors.SourceKeys.Count ? bindErrors.SourceKeys[i] : $"{CrawlerOptions.Section}:Sources:{i}";
            var s = options.Sources[i];
            if (!IdRegex().IsMatch(s.Id))
            {
                errors.Add(key + ":Id", s.Id, "is not a source id ([a-z0-9_-]+)");
            }
            else if (seen.TryGetValue(s.Id, out var first))
            {
                errors.Add(key + ":Id", s.Id, $"is already the id of {first}");
            }
            else
            {
                seen[s.Id] = key;
            }

            // A profile that failed to load already explains the missing Kind and selectors.
            var profileFailed = bindErrors.Errors.Any(e => e.Key == key + ":Profile");
            SourceOptionsValidator.Validate(s, key, errors, profileFailed);
            if (i < bindErrors.ProfileHeaderKeys.Count && bindErrors.ProfileHeaderKeys[i] is { Count: > 0 } fromProfile)
            {
                Fetching.SourceHeaderSettingsValidator.Check(errors, configuration.Root, key, s.Id,
                    s.Headers.Where(h => fromProfile.Contains(nameof(SourceOptions.Headers) + ":" + h.Key)),
                    fromProfile.Contains(nameof(SourceOptions.Cookie)) ? s.Cookie : null,
                    $", from profile '{s.Profile}'");
            }
        }

        return errors.ToResult();
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex IdRegex();
}

/// <summary>The configuration the sources were bound from (secrets and environment references resolve against it).</summary>
internal sealed record SourceConfiguration(Microsoft.Extensions.Configuration.IConfiguration Root);
