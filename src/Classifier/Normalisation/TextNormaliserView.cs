using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Normalisation;

/// <summary>The model's normaliser behind <see cref="ITextNormaliser"/> (loads its tables on first use).</summary>
internal sealed class TextNormaliserView(ClassifierModelProvider models) : ITextNormaliser
{
    public string Normalise(string text) => models.Normaliser.Normalise(text).Text;
}
