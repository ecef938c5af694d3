namespace SentimentWatch.Classifier.Normalisation;

/// <summary>A spelling the normaliser undid: what was written and what it stands for.</summary>
/// <param name="Kind"><c>split</c> (separators between characters), <c>homophone</c>, <c>pinyin</c>, <c>lookalike</c>, <c>alias</c>.</param>
internal readonly record struct Evasion(string Kind, string Raw, string Canonical)
{
    public override string ToString() => $"evasion: {Raw}→{Canonical}";
}

/// <summary>Text prepared for the model; the original stays with the post for display and evidence.</summary>
internal sealed record NormalisedText(string Text, IReadOnlyList<Evasion> Evasions);
