using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Features;

/// <summary>
/// Dictionary-free segmentation used only when no jieba-compatible <see cref="ITextSegmenter"/> is registered
/// (the real one comes from <c>AddSegmentation</c>): runs of Latin letters or digits are one token, every Chinese
/// character is its own token. The model manifest records which segmenter trained it, and loading refuses a model
/// trained with a different one.
/// </summary>
internal sealed class FallbackSegmenter : ITextSegmenter
{
    public IReadOnlyList<string> Cut(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>(text.Length / 2 + 1);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                var j = i + 1;
                while (j < text.Length && char.IsAsciiLetterOrDigit(text[j]))
                {
                    j++;
                }

                tokens.Add(text[i..j]);
                i = j;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length)
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else
            {
                tokens.Add(c.ToString());
                i++;
            }
        }

        return tokens;
    }
}
