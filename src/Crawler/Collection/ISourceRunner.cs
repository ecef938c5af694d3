using SentimentWatch.Core.Collection;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>Runs one source once: walks its pages, stores what it finds, refreshes recent posts, records health.</summary>
public interface ISourceRunner
{
    Task<SourceRunReport> RunAsync(SourceOptions source, CancellationToken cancellationToken);
}
