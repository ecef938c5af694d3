namespace SentimentWatch.Classifier.Segmentation;

/// <summary>A dictionary file had malformed lines. Nothing from the file was applied.</summary>
public sealed class UserDictionaryException : Exception
{
    /// <summary>Creates the exception from every problem found.</summary>
    public UserDictionaryException(IReadOnlyList<DictionaryLineError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Every malformed line, in file order.</summary>
    public IReadOnlyList<DictionaryLineError> Errors { get; }

    private static string Format(IReadOnlyList<DictionaryLineError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const int shown = 20;
        var lines = errors.Take(shown).Select(e => "  " + e);
        var more = errors.Count > shown ? $"\n  … and {errors.Count - shown} more" : "";
        return $"{errors.Count} malformed dictionary line{(errors.Count == 1 ? "" : "s")}:\n" + string.Join("\n", lines) + more;
    }
}

/// <summary>One malformed dictionary line.</summary>
/// <param name="File">The file (or stream name).</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Reason">Why the line was rejected.</param>
public sealed record DictionaryLineError(string File, int Line, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
