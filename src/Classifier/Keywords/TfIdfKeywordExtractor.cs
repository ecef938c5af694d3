using System.Globalization;
using System.Text;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Segmentation;

namespace SentimentWatch.Classifier.Keywords;

/// <summary>
/// TF-IDF keywords equal to <c>jieba.analyse.extract_tags(text, topK, withWeight=True)</c>: default-mode tokens of
/// at least two code points (after Python whitespace strip) that are not stop words, weighted
/// <c>count × (idf / total)</c> with unknown words at the median IDF, stably sorted by weight.
/// </summary>
public sealed class TfIdfKeywordExtractor : IKeywordExtractor
{
    /// <summary>jieba's built-in stop words (<c>TFIDF.STOP_WORDS</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultStopWords =
    [
        "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as", "on", "with", "can",
        "if", "from", "which", "you", "it", "this", "then", "at", "have", "all", "not", "one", "has", "or",
    ];

    private readonly ITextSegmenter _segmenter;
    private readonly Dictionary<string, double> _idf;
    private readonly HashSet<string> _stopWords;

    /// <summary>Creates an extractor over <paramref name="segmenter"/> with the IDF table at <paramref name="idfPath"/>.</summary>
    /// <param name="segmenter">The segmenter whose default mode supplies the tokens.</param>
    /// <param name="idfPath">jieba's <c>idf.txt</c> (or <c>.gz</c>).</param>
    /// <param name="stopWordFiles">Files whose lines are added to the stop words, as <c>set_stop_words</c> does.</param>
    public TfIdfKeywordExtractor(ITextSegmenter segmenter, string idfPath, IEnumerable<string>? stopWordFiles = null)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        ArgumentNullException.ThrowIfNull(idfPath);
        _segmenter = segmenter;
        (_idf, MedianIdf) = LoadIdf(idfPath);
        _stopWords = new HashSet<string>(DefaultStopWords, StringComparer.Ordinal);
        foreach (var f in stopWordFiles ?? [])
        {
            var text = new UTF8Encoding(false, true).GetString(GzipModelFiles.ReadAllBytes(f));
            foreach (var line in PySplitLines(text))
            {
                _stopWords.Add(line);
            }
        }
    }

    /// <summary>The IDF used for words not in the table: the upper median of all values, as jieba computes it.</summary>
    public double MedianIdf { get; }

    /// <summary>Number of IDF entries.</summary>
    public int IdfCount => _idf.Count;

    /// <inheritdoc />
    public IReadOnlyList<Keyword> Extract(string text, int topK = 20)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        var tokens = _segmenter.Cut(text);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var counts = new List<double>();
        foreach (var w in tokens)
        {
            if (CharClass.CodePointLength(CharClass.PyStrip(w)) < 2 || _stopWords.Contains(w.ToLowerInvariant()))
            {
                continue;
            }

            if (index.TryGetValue(w, out var i))
            {
                counts[i] += 1.0;
            }
            else
            {
                index[w] = words.Count;
                words.Add(w);
                counts.Add(1.0);
            }
        }

        var total = 0.0;
        foreach (var c in counts)
        {
            total += c;
        }

        var scored = new Keyword[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var idf = _idf.TryGetValue(words[i], out var v) ? v : MedianIdf;
            scored[i] = new Keyword(words[i], counts[i] * (idf / total));
        }

        // OrderByDescending is stable: equal weights keep first-occurrence order, like Python's sorted(reverse=True).
        var ordered = scored.OrderByDescending(k => k.Weight);
        return (topK == 0 ? ordered : ordered.Take(topK)).ToList();
    }

    private static (Dictionary<string, double> Idf, double Median) LoadIdf(string path)
    {
        var text = new UTF8Encoding(false, true).GetString(GzipModelFiles.ReadAllBytes(path));
        var idf = new Dictionary<string, double>(300_000, StringComparer.Ordinal);
        var lineNo = 0;
        var errors = new List<DictionaryLineError>();
        foreach (var raw in PySplitLines(text))
        {
            lineNo++;
            var line = CharClass.PyStrip(raw);
            var sp = line.IndexOf(' ');
            if (sp < 0 || line[(sp + 1)..].Contains(' ')
                || !double.TryParse(line[(sp + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                errors.Add(new DictionaryLineError(path, lineNo, "expected 'word idf'"));
                continue;
            }

            idf[line[..sp].ToString()] = value;
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException(new UserDictionaryException(errors).Message);
        }

        if (idf.Count == 0)
        {
            throw new InvalidDataException($"{path}: IDF table is empty");
        }

        var values = idf.Values.ToArray();
        Array.Sort(values);
        return (idf, values[values.Length / 2]);
    }

    /// <summary>Python <c>str.splitlines()</c>.</summary>
    internal static IEnumerable<string> PySplitLines(string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                yield return text[start..i];
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                start = i;
            }
            else
            {
                i++;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }
}
