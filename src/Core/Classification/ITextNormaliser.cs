namespace SentimentWatch.Core.Classification;

/// <summary>
/// The classifier's normalisation (答.案 → 答案, full-width, traditional → simplified, variant spellings), for showing a
/// commentator what the model read beside what the author wrote. Thread-safe.
/// </summary>
public interface ITextNormaliser
{
    string Normalise(string text);
}
