using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Model;

public sealed class LabelOffsetsTests
{
    private static readonly int Cheating = Labels.All.ToList().IndexOf(Labels.Cheating);
    private static readonly int Normal = Labels.All.ToList().IndexOf(Labels.Normal);

    /// <summary>Probabilities split between two labels (the rest share nothing).</summary>
    private static double[] Between(int a, double pa, int b)
    {
        var v = new double[Labels.All.Count];
        v[a] = pa;
        v[b] = 1 - pa;
        return v;
    }

    [Fact]
    public void Fit_CheatingPostsJustBelowNormalAndHardNegativesFarBelow_RaisesCheatingAndFlagsNoHardNegative()
    {
        // 20 cheating posts the model reads as normal by a little (0.40 cheating), 20 hard negatives at 0.10 cheating,
        // and every other label recognised, so that macro-F1 and harmful recall can only rise through cheating.
        var cv = new List<ScoredExample>();
        cv.AddRange(Enumerable.Range(0, 20).Select(_ => new ScoredExample(Cheating, Between(Cheating, 0.40, Normal), false)));
        cv.AddRange(Enumerable.Range(0, 20).Select(_ => new ScoredExample(Normal, Between(Cheating, 0.10, Normal), true)));
        cv.AddRange(Enumerable.Range(0, Labels.All.Count).Where(c => c != Cheating).Select(c => new ScoredExample(c, Between(c, 0.9, Normal == c ? Cheating : Normal), false)));

        var offsets = LabelOffsets.Fit(Labels.All, cv, hardNegativeBudget: 0.05);
        var after = Evaluator.Evaluate(Labels.All, cv.Select(s => s with { Probabilities = LabelOffsets.Apply(s.Probabilities, offsets) }).ToList());

        Assert.True(offsets[Cheating] > 0, $"cheating offset {offsets[Cheating]}");
        Assert.Equal(0, offsets[Normal]);
        Assert.Equal(1.0, after.HarmfulRecall, 4);
        Assert.Equal(0.0, after.HardNegativesFlaggedHarmful, 4);
    }

    [Fact]
    public void Fit_HardNegativesAsLikelyAsTheMissedPosts_StaysWithinTheBudget()
    {
        // Raising cheating enough to catch the missed posts would flag every hard negative: the budget forbids it.
        var cv = new List<ScoredExample>();
        cv.AddRange(Enumerable.Range(0, 20).Select(_ => new ScoredExample(Cheating, Between(Cheating, 0.40, Normal), false)));
        cv.AddRange(Enumerable.Range(0, 20).Select(_ => new ScoredExample(Normal, Between(Cheating, 0.40, Normal), true)));
        cv.AddRange(Enumerable.Range(0, 20).Select(_ => new ScoredExample(Cheating, Between(Cheating, 0.9, Normal), false)));

        var offsets = LabelOffsets.Fit(Labels.All, cv, hardNegativeBudget: 0.05);
        var after = Evaluator.Evaluate(Labels.All, cv.Select(s => s with { Probabilities = LabelOffsets.Apply(s.Probabilities, offsets) }).ToList());

        Assert.True(after.HardNegativesFlaggedHarmful <= 0.05, $"{after.HardNegativesFlaggedHarmful} of the hard negatives flagged");
    }

    [Fact]
    public void Apply_ZeroOffsets_SameProbabilities()
    {
        var p = Between(Cheating, 0.3, Normal);

        Assert.Equal(p, LabelOffsets.Apply(p, new double[Labels.All.Count]));
    }
}
