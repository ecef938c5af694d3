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
    public FeatureVector(int[] indices, float[] values, FeatureOrigin[] origins, string text, IReadOnlyList<string> tokens)
    {
        Indices = indices;
        Values = values;
        Origins = origins;
        Text = text;
        Tokens = tokens;
    }

    public int[] Indices { get; }

    public float[] Values { get; }

    public FeatureOrigin[] Origins { get; }

    /// <summary>The analysed normalised text.</summary>
    public string Text { get; }

    public IReadOnlyList<string> Tokens { get; }

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
