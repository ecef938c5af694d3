using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Core.Configuration;

/// <summary>Names a blank or unusable <c>Paths:Data</c> / <c>Paths:Models</c> at start-up, before a stage builds a path on it.</summary>
internal sealed class PathsOptionsValidator : IValidateOptions<PathsOptions>
{
    public ValidateOptionsResult Validate(string? name, PathsOptions options)
    {
        var e = new ConfigErrors();
        Check(nameof(PathsOptions.Data), options.Data);
        Check(nameof(PathsOptions.Models), options.Models);
        return e.ToResult();

        void Check(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                e.Add($"{PathsOptions.Section}:{key}", value, "must name a directory (relative paths resolve against the current directory)");
            }
            else if (value.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || value.Any(char.IsControl))
            {
                e.Add($"{PathsOptions.Section}:{key}", value, "holds a character no path may hold");
            }
        }
    }
}

public static class PathsServiceCollectionExtensions
{
    /// <summary>Binds <see cref="PathsOptions"/> (section <c>Paths</c>) validated at start-up; every stage that reads a path calls it, the first registers.</summary>
    public static IServiceCollection AddPathsOptions(this IServiceCollection services) =>
        services.AddValidatedOptions<PathsOptions, PathsOptionsValidator>(PathsOptions.Section);
}
