using System.Globalization;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Collection;

namespace SentimentWatch.Crawler.Sources;

/// <summary><see cref="ISourceCatalog"/> over <c>Crawler:Sources</c>.</summary>
internal sealed class ConfiguredSourceCatalog(IOptions<CrawlerOptions> options) : ISourceCatalog
{
    public IReadOnlyList<SourceInfo> Sources => options.Value.Sources
        .Select(s => new SourceInfo(s.Id, s.Platform ?? s.Profile ?? string.Empty, s.Enabled,
            s.Cron ?? (s.Interval is { } i ? "every " + i.ToString("c", CultureInfo.InvariantCulture) : string.Empty), s.Urls))
        .ToList();
}
