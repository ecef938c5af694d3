using SentimentWatch.Classifier.Model;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Training;

/// <summary>
/// Per-label offsets added to the model's biases (a prior shift in log space: the shifted probabilities are
/// p·e^offset renormalised, and the product reports their arg-max). Fitted on the cross-validation predictions only,
/// by coordinate search over a fixed grid: the offsets that raise macro-F1 + harmful recall most while no more than the
/// hard-negative budget is flagged harmful and leak + answer_selling recall stays at least where plain arg-max has it.
/// <c>normal</c> stays at 0 (the offsets are relative to it). Deterministic: fixed grid, fixed label order, ties go
/// to the offset nearer 0.
/// </summary>
internal static class LabelOffsets
{
    private const double Step = 0.25;
    private const double Lowest = -2.0;
    private const double Highest = 2.0;
    private const int Passes = 3;

    public static double[] Fit(IReadOnlyList<string> labels, IReadOnlyList<ScoredExample> cv, double hardNegativeBudget)
    {
        var offsets = new double[labels.Count];
        var baseline = Evaluator.Evaluate(labels, cv);
        var recallFloor = baseline.LeakOrAnswerSellingRecall;
        var best = Objective(baseline, hardNegativeBudget, recallFloor);
        var normal = Evaluator.Index(labels, Labels.Normal);
        for (var pass = 0; pass < Passes; pass++)
        {
            var moved = false;
            for (var c = 0; c < labels.Count; c++)
            {
                if (c == normal)
                {
                    continue;
                }

                var keep = offsets[c];
                for (var o = Lowest; o <= Highest + 1e-9; o += Step)
                {
                    var candidate = Math.Round(o, 2);
                    if (candidate == keep)
                    {
                        continue;
                    }

                    offsets[c] = candidate;
                    var score = Objective(Evaluator.Evaluate(labels, Shift(cv, offsets)), hardNegativeBudget, recallFloor);
                    if (score > best + 1e-9 || (Math.Abs(score - best) <= 1e-9 && Math.Abs(candidate) < Math.Abs(keep)))
                    {
                        best = score;
                        keep = candidate;
                        moved = true;
                    }
                }

                offsets[c] = keep;
            }

            if (!moved)
            {
                break;
            }
        }

        return offsets;
    }

    /// <summary>Probabilities after adding <paramref name="offsets"/> to the logits.</summary>
    public static double[] Apply(double[] probabilities, IReadOnlyList<double> offsets)
    {
        var shifted = new double[probabilities.Length];
        var sum = 0.0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            shifted[c] = probabilities[c] * Math.Exp(offsets[c]);
            sum += shifted[c];
        }

        for (var c = 0; c < shifted.Length; c++)
        {
            shifted[c] /= sum;
        }

        return shifted;
    }

    private static List<ScoredExample> Shift(IReadOnlyList<ScoredExample> cv, double[] offsets) =>
        cv.Select(s => s with { Probabilities = Apply(s.Probabilities, offsets) }).ToList();

    /// <summary>Macro-F1 + harmful recall; far below anything feasible when the budget or the recall floor is broken.</summary>
    private static double Objective(EvaluationMetrics m, double hardNegativeBudget, double recallFloor)
    {
        var penalty = Math.Max(0, m.HardNegativesFlaggedHarmful - hardNegativeBudget) * 20 + (m.LeakOrAnswerSellingRecall < recallFloor ? 1 : 0);
        return m.MacroF1 + m.HarmfulRecall - penalty;
    }
}
