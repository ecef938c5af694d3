using SentimentWatch.Classifier.Model;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Training;

/// <summary>One prediction to score: the true label, the probabilities per label (manifest order), hard-negative flag.</summary>
internal readonly record struct ScoredExample(int TrueLabel, double[] Probabilities, bool HardNegative);

/// <summary>Computes the manifest's metrics from predictions.</summary>
internal static class Evaluator
{
    /// <summary>Metrics of the decisions <see cref="Decide"/> makes with <paramref name="harmfulMinProbability"/> (0: plain arg-max).</summary>
    public static EvaluationMetrics Evaluate(IReadOnlyList<string> labels, IReadOnlyList<ScoredExample> scored, double harmfulMinProbability = 0)
    {
        var k = labels.Count;
        var confusion = new int[k, k];
        var correct = 0;
        var hard = 0;
        var hardFlagged = 0;
        var logLoss = 0.0;
        var binConfidence = new double[10];
        var binCorrect = new double[10];
        var binCount = new int[10];
        var leak = Index(labels, Labels.Leak);
        var selling = Index(labels, Labels.AnswerSelling);
        var leakOrSellingTotal = 0;
        var leakOrSellingCaught = 0;
        var harmfulTotal = 0;
        var harmfulCaught = 0;

        var normal = Index(labels, Labels.Normal);
        foreach (var s in scored)
        {
            var predicted = Decide(labels, s.Probabilities, harmfulMinProbability, normal);
            confusion[s.TrueLabel, predicted]++;
            if (predicted == s.TrueLabel)
            {
                correct++;
            }

            logLoss -= Math.Log(Math.Max(s.Probabilities[s.TrueLabel], 1e-15));
            var bin = Math.Min(9, (int)(s.Probabilities[predicted] * 10));
            binConfidence[bin] += s.Probabilities[predicted];
            binCorrect[bin] += predicted == s.TrueLabel ? 1 : 0;
            binCount[bin]++;
            if (s.TrueLabel == leak || s.TrueLabel == selling)
            {
                leakOrSellingTotal++;
                if (predicted == leak || predicted == selling)
                {
                    leakOrSellingCaught++;
                }
            }

            if (Labels.IsHarmful(labels[s.TrueLabel]))
            {
                harmfulTotal++;
                if (Labels.IsHarmful(labels[predicted]))
                {
                    harmfulCaught++;
                }
            }

            if (s.HardNegative)
            {
                hard++;
                if (Labels.IsHarmful(labels[predicted]))
                {
                    hardFlagged++;
                }
            }
        }

        var perLabel = new List<LabelMetrics>(k);
        for (var c = 0; c < k; c++)
        {
            var tp = confusion[c, c];
            var fp = 0;
            var fn = 0;
            for (var o = 0; o < k; o++)
            {
                if (o != c)
                {
                    fp += confusion[o, c];
                    fn += confusion[c, o];
                }
            }

            var p = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            var r = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            var f = p + r == 0 ? 0 : 2 * p * r / (p + r);
            perLabel.Add(new LabelMetrics(labels[c], Round(p), Round(r), Round(f), tp + fn));
        }

        var ece = 0.0;
        for (var b = 0; b < 10; b++)
        {
            if (binCount[b] > 0)
            {
                ece += Math.Abs(binConfidence[b] / binCount[b] - binCorrect[b] / binCount[b]) * binCount[b];
            }
        }

        var n = scored.Count;
        var present = perLabel.Where(l => l.Support > 0).ToList();
        return new EvaluationMetrics(
            n,
            Round(n == 0 ? 0 : (double)correct / n),
            Round(present.Count == 0 ? 0 : present.Average(l => l.F1)),
            perLabel,
            Enumerable.Range(0, k).Select(r => (IReadOnlyList<int>)Enumerable.Range(0, k).Select(c => confusion[r, c]).ToArray()).ToArray(),
            Round(leakOrSellingTotal == 0 ? 0 : (double)leakOrSellingCaught / leakOrSellingTotal),
            hard,
            Round(hard == 0 ? 0 : (double)hardFlagged / hard),
            Round(n == 0 ? 0 : ece / n),
            Round(n == 0 ? 0 : logLoss / n),
            Round(harmfulTotal == 0 ? 0 : (double)harmfulCaught / harmfulTotal));
    }

    /// <summary>
    /// The label the product reports: the most probable one, except that a harmful label (leak, answer_selling,
    /// cheating, fraud, rumour) below <paramref name="harmfulMinProbability"/> becomes <c>normal</c> — an uncertain
    /// "harmful" costs a commentator's time, and the threshold is learned on cross-validation only while the
    /// leak + answer_selling recall stays at its floor.
    /// </summary>
    public static int Decide(IReadOnlyList<string> labels, ReadOnlySpan<double> p, double harmfulMinProbability, int normalIndex)
    {
        var best = ArgMax(p);
        return normalIndex >= 0 && p[best] < harmfulMinProbability && Labels.IsHarmful(labels[best]) ? normalIndex : best;
    }

    public static int ArgMax(ReadOnlySpan<double> p)
    {
        var best = 0;
        for (var i = 1; i < p.Length; i++)
        {
            if (p[i] > p[best])
            {
                best = i;
            }
        }

        return best;
    }

    internal static int Index(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
            {
                return i;
            }
        }

        return -1;
    }

    private static double Round(double v) => Math.Round(v, 4);

    /// <summary>The metrics as a fixed-width table for the terminal.</summary>
    public static string FormatTable(string title, IReadOnlyList<string> labels, EvaluationMetrics m)
    {
        var sb = new System.Text.StringBuilder();
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        sb.AppendLine(ci, $"{title}: {m.Examples} examples, accuracy {m.Accuracy:0.000}, macro-F1 {m.MacroF1:0.000}");
        sb.AppendLine(ci, $"  {"label",-15}{"precision",10}{"recall",10}{"F1",10}{"support",10}");
        foreach (var l in m.PerLabel)
        {
            sb.AppendLine(ci, $"  {l.Label,-15}{l.Precision,10:0.000}{l.Recall,10:0.000}{l.F1,10:0.000}{l.Support,10}");
        }

        sb.AppendLine(ci, $"  leak+answer_selling recall {m.LeakOrAnswerSellingRecall:0.000}; harmful recall {m.HarmfulRecall:0.000}; hard negatives flagged harmful {m.HardNegativesFlaggedHarmful:P1} of {m.HardNegatives}; ECE {m.ExpectedCalibrationError:0.000}; log-loss {m.LogLoss:0.000}");
        sb.AppendLine("  confusion (rows true, columns predicted):");
        sb.Append(' ', 17);
        foreach (var l in labels)
        {
            sb.Append(ci, $"{Abbrev(l),7}");
        }

        sb.AppendLine();
        for (var r = 0; r < labels.Count; r++)
        {
            sb.Append(ci, $"  {labels[r],-15}");
            foreach (var v in m.Confusion[r])
            {
                sb.Append(ci, $"{v,7}");
            }

            sb.AppendLine();
        }

        return sb.ToString();

        static string Abbrev(string l) => l.Length <= 6 ? l : l[..6];
    }
}
