namespace SentimentWatch.Core.Collection;

/// <summary>A configured source as the console lists it.</summary>
/// <param name="Schedule">The cron expression or interval as configured.</param>
public sealed record SourceInfo(string Id, string Platform, bool Enabled, string Schedule, IReadOnlyList<string> Urls);

/// <summary>The configured sources (the crawler's configuration, read-only).</summary>
public interface ISourceCatalog
{
    IReadOnlyList<SourceInfo> Sources { get; }
}
