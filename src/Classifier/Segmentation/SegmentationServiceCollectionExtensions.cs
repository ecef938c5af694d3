using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Keywords;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Segmentation;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>Registers the jieba-compatible segmenter and keyword extractor.</summary>
public static class SegmentationServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="SegmentationOptions"/> (section <c>Segmentation</c>) and registers singletons:
    /// <see cref="JiebaSegmenter"/> and <see cref="ITextSegmenter"/> (default mode, with the domain dictionary and the
    /// configured user dictionaries) and <see cref="IKeywordExtractor"/> (TF-IDF over that segmenter). TryAdd, so
    /// tests can override.
    /// </summary>
    public static IServiceCollection AddSegmentation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPathsOptions();
        services.AddOptions<SegmentationOptions>().BindConfiguration(SegmentationOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SegmentationOptions>, SegmentationOptionsValidator>());
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SegmentationOptions>>().Value;
            var paths = sp.GetRequiredService<IOptions<PathsOptions>>().Value;
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("SentimentWatch.Classifier.Segmentation") ?? NullLogger.Instance;
            var sw = Stopwatch.StartNew();
            var seg = SegmenterFactory.Create(options, paths, includeDomain: true);
            SegmentationLog.SegmenterLoaded(logger, seg.KeyCount, seg.Total, options.UserDictionaryPaths(paths, true).Count, sw.ElapsedMilliseconds);
            return seg;
        });
        services.TryAddSingleton<ITextSegmenter>(sp => sp.GetRequiredService<JiebaSegmenter>());
        services.TryAddSingleton<IKeywordExtractor>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SegmentationOptions>>().Value;
            var paths = sp.GetRequiredService<IOptions<PathsOptions>>().Value;
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger("SentimentWatch.Classifier.Keywords") ?? NullLogger.Instance;
            var sw = Stopwatch.StartNew();
            var extractor = new TfIdfKeywordExtractor(sp.GetRequiredService<ITextSegmenter>(), options.IdfPath(paths),
                options.StopWords.Select(p => Path.GetFullPath(p)));
            SegmentationLog.IdfLoaded(logger, extractor.IdfCount, sw.ElapsedMilliseconds);
            return extractor;
        });
        return services;
    }
}
