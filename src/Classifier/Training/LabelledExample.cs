namespace SentimentWatch.Classifier.Training;

/// <summary>One labelled post: a corpus line (<c>text</c>, <c>label</c>, <c>platform</c>, <c>notes</c>, <c>published_at</c>) or a commentator's decision.</summary>
/// <param name="PublishedAt">
/// When the post was published, if the corpus says so: the same words are a leak while a sitting is under way and
/// ordinary discussion after all sittings ended, so timed examples are what teaches the timing features.
/// </param>
public sealed record LabelledExample(string Text, string Label, string? Platform = null, string? Notes = null, bool FromFeedback = false, DateTimeOffset? PublishedAt = null)
{
    /// <summary>A normal post written to look harmful (police notices, news of arrests, legitimate courses…): notes say "hard".</summary>
    public bool IsHardNegative => Label == Core.Classification.Labels.Normal && Notes is not null
        && (Notes.Contains("hard", StringComparison.OrdinalIgnoreCase) || Notes.Contains("难负", StringComparison.Ordinal) || Notes.Contains("困难负", StringComparison.Ordinal));
}

/// <summary>A line of a labelled file that could not be used, with its 1-based line number.</summary>
public sealed record CorpusError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
