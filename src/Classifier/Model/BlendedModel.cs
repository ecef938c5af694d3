using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Model;

/// <summary>
/// What the product scores a post with: the maximum-entropy model over words, characters and engineered signals,
/// and, when the manifest has one, the character member, their probabilities averaged with the member's weight
/// (<c>char_member.weight</c>). The reasons come from the main model alone (its weights explain a prediction).
/// </summary>
/// <remarks>
/// The member reads the text only. With <see cref="CharMemberBlend.Text"/> (what training writes since the member
/// first shipped) only the text part of the main model is averaged with it: the main model's scores without its timing
/// slots (question content during / before / after a sitting) give p_text, the mix is (1 − w)·p_text + w·p_member, and
/// the timing slots' scores are then added to the log of the mix — the time decides between a leak and post-exam talk
/// exactly as much as it does in the main model alone. A post without a timing slot (untimed, or no question content)
/// gets the plain average. <see cref="CharMemberBlend.Probabilities"/> averages the main model's full probabilities
/// (manifests of the first candidate): the member then outvotes the timing on question content.
/// </remarks>
internal sealed class BlendedModel
{
    public BlendedModel(LinearModel main, CharNgramMember? member = null, double memberWeight = 0, CharMemberBlend blend = CharMemberBlend.Text)
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
        Blend = blend;
    }

    public LinearModel Main { get; }

    public CharNgramMember? Member { get; }

    public double MemberWeight { get; }

    public CharMemberBlend Blend { get; }

    public IReadOnlyList<string> Labels => Main.Labels;

    /// <summary>Blended probabilities per label for an analysed post.</summary>
    public void Predict(FeatureVector features, Span<double> probabilities)
    {
        if (Member is null)
        {
            Main.Predict(features.Indices, features.Values, probabilities);
            return;
        }

        var k = probabilities.Length;
        Span<double> timing = stackalloc double[k];
        timing.Clear();
        var timed = false;
        if (Blend == CharMemberBlend.Text)
        {
            var origins = features.Origins;
            for (var i = 0; i < origins.Length; i++)
            {
                if (origins[i].Family == FeatureFamily.Engineered && EngineeredFeatures.IsTiming(origins[i].A))
                {
                    Main.AddScores(features.Indices[i], features.Values[i], timing);
                    timed = true;
                }
            }
        }

        Main.Score(features.Indices, features.Values, probabilities);
        if (timed)
        {
            for (var c = 0; c < k; c++)
            {
                probabilities[c] -= timing[c];
            }
        }

        LinearModel.Softmax(probabilities);
        Span<double> q = stackalloc double[k];
        Member.Predict(features, q);
        for (var c = 0; c < k; c++)
        {
            probabilities[c] = ((1 - MemberWeight) * probabilities[c]) + (MemberWeight * q[c]);
        }

        if (!timed)
        {
            return;
        }

        // The timing evidence on top of the text's mix, as the main model weighs it: log-odds added, not averaged.
        for (var c = 0; c < k; c++)
        {
            probabilities[c] = Math.Log(Math.Max(probabilities[c], 1e-300)) + timing[c];
        }

        LinearModel.Softmax(probabilities);
    }
}

/// <summary>How the character member is blended with the main model (manifest <c>char_member.blend</c>).</summary>
public enum CharMemberBlend
{
    /// <summary>The member is averaged with the main model's reading of the text; the timing slots act on the mix afterwards.</summary>
    Text,

    /// <summary>The member is averaged with the main model's full probabilities, timing included (the first candidate).</summary>
    Probabilities,
}
