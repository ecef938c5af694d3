using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>Builds segmenters from <see cref="SegmentationOptions"/>: jieba's data plus the configured user dictionaries.</summary>
public static class SegmenterFactory
{
    /// <summary>
    /// Loads jieba's dictionary and HMM, then applies the domain dictionary (when <paramref name="includeDomain"/> and
    /// <see cref="SegmentationOptions.UseDomainDictionary"/>), the configured user dictionaries and
    /// <paramref name="extraUserDictionaries"/>, in that order.
    /// </summary>
    /// <exception cref="UserDictionaryException">A user dictionary has malformed lines (file, line and reason for each).</exception>
    public static JiebaSegmenter Create(SegmentationOptions options, PathsOptions paths, bool includeDomain,
        IEnumerable<string>? extraUserDictionaries = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        var seg = JiebaSegmenter.Load(options.DictionaryPath(paths), options.HmmPath(paths));
        foreach (var path in options.UserDictionaryPaths(paths, includeDomain).Concat(extraUserDictionaries ?? []))
        {
            seg.LoadUserDictionary(path);
        }

        return seg;
    }
}
