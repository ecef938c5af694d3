using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Model;

/// <summary>
/// What the product scores a post with: the maximum-entropy model over words, characters and engineered signals,
/// and, when the manifest has one, the character member, their probabilities averaged with the member's weight
/// (<c>char_member.weight</c>). The reasons come from the main model alone (its weights explain a prediction).
/// </summary>
internal sealed class BlendedModel
{
    public BlendedModel(LinearModel main, CharNgramMember? member = null, double memberWeight = 0)
    {
        if (member is not null && member.Scores.Labels.Count != main.Labels.Count)
        {
            throw new InvalidDataException($"character member has {member.Scores.Labels.Count} labels, the model {main.Labels.Count}");
        }

        if (!(memberWeight is >= 0 and <= 1))
        {
            throw new InvalidDataException($"character member weight {memberWeight} must be between 0 and 1");
        }

        Main = main;
        Member = memberWeight > 0 ? member : null;
        MemberWeight = Member is null ? 0 : memberWeight;
    }

    public LinearModel Main { get; }

    public CharNgramMember? Member { get; }

    public double MemberWeight { get; }

    public IReadOnlyList<string> Labels => Main.Labels;

    /// <summary>Blended probabilities per label for an analysed post.</summary>
    public void Predict(FeatureVector features, Span<double> probabilities)
    {
        Main.Predict(features.Indices, features.Values, probabilities);
        if (Member is null)
        {
            return;
        }

        Span<double> q = stackalloc double[probabilities.Length];
        Member.Predict(features.Text, q);
        for (var c = 0; c < probabilities.Length; c++)
        {
            probabilities[c] = (1 - MemberWeight) * probabilities[c] + MemberWeight * q[c];
        }
    }
}
