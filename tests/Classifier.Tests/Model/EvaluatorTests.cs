using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Model;

public sealed class EvaluatorTests
{
    private static double[] OneHot(int label, double p = 0.9)
    {
        var v = Enumerable.Repeat((1 - p) / (Labels.All.Count - 1), Labels.All.Count).ToArray();
        v[label] = p;
        return v;
    }

    [Fact]
    public void Evaluate_KnownPredictions_PerLabelMetricsAndConfusion()
    {
        // leak(0) ×2: one right, one predicted answer_selling(1); answer_selling ×1 right; normal(6) ×2 hard negatives, one flagged cheating(2).
        var scored = new List<ScoredExample>
        {
            new(0, OneHot(0), false),
            new(0, OneHot(1), false),
            new(1, OneHot(1), false),
            new(6, OneHot(6), true),
            new(6, OneHot(2), true),
        };

        var m = Evaluator.Evaluate(Labels.All, scored);

        Assert.Equal(5, m.Examples);
        Assert.Equal(0.6, m.Accuracy, 4);
        var leak = m.PerLabel[0];
        Assert.Equal((1.0, 0.5, 2), (leak.Precision, leak.Recall, leak.Support));
        Assert.Equal(0.5, m.PerLabel[1].Precision, 4);
        Assert.Equal(1, m.Confusion[0][1]);
        Assert.Equal(1, m.Confusion[6][2]);
        Assert.Equal(1.0, m.LeakOrAnswerSellingRecall, 4);
        Assert.Equal(2, m.HardNegatives);
        Assert.Equal(0.5, m.HardNegativesFlaggedHarmful, 4);
        // Labels with no support (fraud, rumour, complaint) do not drag the macro average down.
        Assert.Equal(Math.Round(m.PerLabel.Where(l => l.Support > 0).Average(l => l.F1), 4), m.MacroF1, 4);
    }

    [Fact]
    public void Evaluate_HarmfulBelowThreshold_ReportedAsNormal()
    {
        var scored = new List<ScoredExample>
        {
            new(6, OneHot(2, 0.45), true),
            new(0, OneHot(0, 0.9), false),
            new(0, OneHot(0, 0.40), false),
        };

        var plain = Evaluator.Evaluate(Labels.All, scored);
        var ruled = Evaluator.Evaluate(Labels.All, scored, harmfulMinProbability: 0.5);

        Assert.Equal(1.0, plain.HardNegativesFlaggedHarmful, 4);
        Assert.Equal(0.0, ruled.HardNegativesFlaggedHarmful, 4);
        Assert.Equal(1, ruled.Confusion[0][6]);
        Assert.Equal(0.5, ruled.LeakOrAnswerSellingRecall, 4);
    }

    [Fact]
    public void Evaluate_HarmfulRecall_AnyHarmfulLabelCountsComplaintAndNormalDoNot()
    {
        // cheating(2) read as fraud(3): still reaches a commentator; rumour(4) read as complaint(5) or normal(6): missed.
        var scored = new List<ScoredExample>
        {
            new(2, OneHot(3), false),
            new(4, OneHot(5), false),
            new(4, OneHot(6), false),
            new(0, OneHot(0), false),
            new(5, OneHot(6), false),
        };

        var m = Evaluator.Evaluate(Labels.All, scored);

        Assert.Equal(0.5, m.HarmfulRecall, 4);
    }

    [Fact]
    public void Decide_NormalOrComplaintBelowThreshold_KeepsTheArgMax()
    {
        Assert.Equal(5, Evaluator.Decide(Labels.All, OneHot(5, 0.3), 0.5, 6));
        Assert.Equal(6, Evaluator.Decide(Labels.All, OneHot(3, 0.3), 0.5, 6));
        Assert.Equal(3, Evaluator.Decide(Labels.All, OneHot(3, 0.3), 0, 6));
    }

    [Fact]
    public void Evaluate_PerfectlyCalibratedConfidentPredictions_ZeroCalibrationError()
    {
        var scored = Enumerable.Range(0, 7).Select(i => new ScoredExample(i, OneHot(i, 1.0), false)).ToList();

        var m = Evaluator.Evaluate(Labels.All, scored);

        Assert.Equal(1.0, m.MacroF1, 4);
        Assert.Equal(0.0, m.ExpectedCalibrationError, 4);
    }

    [Fact]
    public void FormatTable_Metrics_ShowsEveryLabelAndConfusionRow()
    {
        var m = Evaluator.Evaluate(Labels.All, [new ScoredExample(0, OneHot(0), false)]);

        var table = Evaluator.FormatTable("cv", Labels.All, m);

        Assert.All(Labels.All, l => Assert.Contains(l, table, StringComparison.Ordinal));
        Assert.Contains("macro-F1", table, StringComparison.Ordinal);
    }
}
