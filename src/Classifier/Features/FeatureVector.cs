namespace SentimentWatch.Classifier.Features;

/// <summary>Where a feature came from, kept so the top contributors can be named without naming every feature.</summary>
internal readonly record struct FeatureOrigin(FeatureFamily Family, int A, int B);

internal enum FeatureFamily : byte
{
    Word,
    WordBigram,
    Chars,
    Engineered,
}

/// <summary>A sparse feature vector (indices ascending) plus what is needed to name each feature.</summary>
internal sealed class FeatureVector
{
    public FeatureVector(int[] indices, float[] values, FeatureOrigin[] origins, string text, IReadOnlyList<string> tokens, uint[]? charNgramHashes = null, int charNgramMax = 0)
    {
        Indices = indices;
        Values = values;
        Origins = origins;
        Text = text;
        Tokens = tokens;
        CharNgramHashes = charNgramHashes;
        CharNgramMax = charNgramMax;
    }

    public int[] Indices { get; }

    public float[] Values { get; }

    public FeatureOrigin[] Origins { get; }

    /// <summary>The analysed normalised text.</summary>
    public string Text { get; }

    public IReadOnlyList<string> Tokens { get; }

    /// <summary>
    /// Every character 1..<see cref="CharNgramMax"/>-gram hash of <see cref="Text"/>, unmasked and with repeats
    /// (<see cref="CharNgramTfIdf.NgramHashes"/>), kept so the character member needs no second walk; null when not kept.
    /// </summary>
    public uint[]? CharNgramHashes { get; }

    public int CharNgramMax { get; }

    /// <summary>A one-character n-gram or one-character word.</summary>
    public bool IsSingleCharacter(int slot)
    {
        var o = Origins[slot];
        return o.Family switch
        {
            FeatureFamily.Chars => o.B == 1,
            FeatureFamily.Word => Tokens[o.A].Length == 1,
            _ => false,
        };
    }

    public string Describe(int slot)
    {
        var o = Origins[slot];
        return o.Family switch
        {
            FeatureFamily.Word => $"term \"{Tokens[o.A]}\"",
            FeatureFamily.WordBigram => $"phrase \"{Tokens[o.A]} {Tokens[o.B]}\"",
            FeatureFamily.Chars => $"chars \"{Text.Substring(o.A, o.B)}\"",
            _ => "feature: " + EngineeredFeatures.Describe(o.A),
        };
    }
}
