using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// Configuration section <c>Segmentation</c>: where jieba's data and the user dictionaries are. Every path left empty
/// defaults to a file under <c>Paths:Models</c>; a relative path resolves against the current directory.
/// </summary>
public sealed class SegmentationOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Segmentation";

    /// <summary>jieba's dictionary. Default <c>{Paths:Models}/jieba/dict.txt.gz</c>.</summary>
    public string? Dictionary { get; set; }

    /// <summary>The HMM tables. Default <c>{Paths:Models}/jieba/finalseg_hmm.json.gz</c>.</summary>
    public string? Hmm { get; set; }

    /// <summary>The IDF table for keywords. Default <c>{Paths:Models}/jieba/idf.txt.gz</c>.</summary>
    public string? Idf { get; set; }

    /// <summary>Extra stop-word files for keywords (added to jieba's 31 English stop words, as <c>set_stop_words</c>).</summary>
    public List<string> StopWords { get; set; } = [];

    /// <summary>Apply the shipped domain dictionary <c>{Paths:Models}/userdict/domain.txt</c>. Default true.</summary>
    public bool UseDomainDictionary { get; set; } = true;

    /// <summary>Further user dictionaries (jieba <c>load_userdict</c> format), applied in order after the domain one.</summary>
    public List<string> UserDictionaries { get; set; } = [];

    /// <summary>The dictionary path with its default applied.</summary>
    public string DictionaryPath(PathsOptions paths) => Resolve(Dictionary, paths, "jieba", "dict.txt.gz");

    /// <summary>The HMM path with its default applied.</summary>
    public string HmmPath(PathsOptions paths) => Resolve(Hmm, paths, "jieba", "finalseg_hmm.json.gz");

    /// <summary>The IDF path with its default applied.</summary>
    public string IdfPath(PathsOptions paths) => Resolve(Idf, paths, "jieba", "idf.txt.gz");

    /// <summary>The shipped domain dictionary.</summary>
    public static string DomainDictionaryPath(PathsOptions paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.ModelPath("userdict", "domain.txt");
    }

    /// <summary>The user dictionaries to load, in order (domain first when enabled).</summary>
    public IReadOnlyList<string> UserDictionaryPaths(PathsOptions paths, bool includeDomain)
    {
        var list = new List<string>();
        if (includeDomain && UseDomainDictionary)
        {
            list.Add(DomainDictionaryPath(paths));
        }

        list.AddRange(UserDictionaries.Select(p => Path.GetFullPath(p)));
        return list;
    }

    private static string Resolve(string? value, PathsOptions paths, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return string.IsNullOrWhiteSpace(value) ? paths.ModelPath(parts) : Path.GetFullPath(value);
    }
}

/// <summary>Checks at start-up that every configured file exists, naming each bad key and value.</summary>
internal sealed class SegmentationOptionsValidator(IOptions<PathsOptions> paths) : IValidateOptions<SegmentationOptions>
{
    public ValidateOptionsResult Validate(string? name, SegmentationOptions options)
    {
        var errors = new ConfigErrors();
        var p = paths.Value;
        Check(errors, "Segmentation:Dictionary", options.Dictionary, options.DictionaryPath(p));
        Check(errors, "Segmentation:Hmm", options.Hmm, options.HmmPath(p));
        Check(errors, "Segmentation:Idf", options.Idf, options.IdfPath(p));
        if (options.UseDomainDictionary)
        {
            Check(errors, "Segmentation:UseDomainDictionary", "true", SegmentationOptions.DomainDictionaryPath(p));
        }

        for (var i = 0; i < options.UserDictionaries.Count; i++)
        {
            var v = options.UserDictionaries[i];
            Check(errors, $"Segmentation:UserDictionaries:{i}", v, string.IsNullOrWhiteSpace(v) ? "" : Path.GetFullPath(v));
        }

        for (var i = 0; i < options.StopWords.Count; i++)
        {
            var v = options.StopWords[i];
            Check(errors, $"Segmentation:StopWords:{i}", v, string.IsNullOrWhiteSpace(v) ? "" : Path.GetFullPath(v));
        }

        return errors.ToResult();
    }

    private static void Check(ConfigErrors errors, string key, string? value, string resolved)
    {
        if (string.IsNullOrEmpty(resolved))
        {
            errors.Add(key, value, "is empty");
        }
        else if (!File.Exists(resolved) && !File.Exists(resolved + ".gz"))
        {
            errors.Add(key, value ?? "(default)", $"file not found: {resolved}");
        }
    }
}
