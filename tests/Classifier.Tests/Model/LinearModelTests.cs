using SentimentWatch.Classifier.Model;

namespace SentimentWatch.Classifier.Tests.Model;

public sealed class LinearModelTests
{
    private static readonly string[] SevenLabels = ["a", "b", "c", "d", "e", "f", "g"];

    /// <summary>The scoring before the weights were laid out feature by feature: one row per label, each summed in index order.</summary>
    private static void RowByRowPredict(LinearModel model, int[] indices, float[] values, double[] probabilities)
    {
        var k = model.Labels.Count;
        var max = double.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            var row = model.Weights[c];
            double s = model.Biases[c];
            for (var i = 0; i < indices.Length; i++)
            {
                var j = indices[i];
                if ((uint)j < (uint)row.Length)
                {
                    s += row[j] * values[i];
                }
            }

            probabilities[c] = s;
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var c = 0; c < k; c++)
        {
            probabilities[c] = Math.Exp(probabilities[c] - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < k; c++)
        {
            probabilities[c] /= sum;
        }
    }

    private static double RowByRowContribution(LinearModel model, int label, int index, float value)
    {
        if ((uint)index >= (uint)model.Dimensions)
        {
            return 0;
        }

        var mean = 0.0;
        for (var c = 0; c < model.Weights.Length; c++)
        {
            mean += model.Weights[c][index];
        }

        mean /= model.Weights.Length;
        return value * (model.Weights[label][index] - mean);
    }

    private static LinearModel RandomModel(Random random, int dimensions)
    {
        var rows = SevenLabels.Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 6) - 3)).ToArray()).ToArray();
        var biases = SevenLabels.Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        return new LinearModel(SevenLabels, rows, biases);
    }

    [Fact]
    public void Predict_RandomSparseVectors_SameBitsAsTheRowByRowSum()
    {
        var random = new Random(20261207);
        var model = RandomModel(random, 5000);
        var shifted = model.WithBiasOffsets([0.5, -0.25, 0, 1, 0, -2, 0.125]);
        for (var n = 0; n < 500; n++)
        {
            // Ascending indices as the extractor gives, sometimes past the model's width (a newer feature space).
            var count = random.Next(0, 400);
            var indices = Enumerable.Range(0, count).Select(_ => random.Next(0, 5200)).Distinct().Order().ToArray();
            var values = indices.Select(_ => random.Next(3) == 0 ? 0.12f : 1f / MathF.Sqrt(indices.Length)).ToArray();
            foreach (var m in new[] { model, shifted })
            {
                var expected = new double[SevenLabels.Length];
                RowByRowPredict(m, indices, values, expected);
                var actual = new double[SevenLabels.Length];
                m.Predict(indices, values, actual);
                Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
                for (var i = 0; i < indices.Length; i++)
                {
                    var label = random.Next(SevenLabels.Length);
                    Assert.Equal(
                        BitConverter.DoubleToInt64Bits(RowByRowContribution(m, label, indices[i], values[i])),
                        BitConverter.DoubleToInt64Bits(m.Contribution(label, indices[i], values[i])));
                }
            }
        }
    }

    [Fact]
    public void Predict_ShiftedBiases_ChangeTheScoresButNotTheWeights()
    {
        var model = RandomModel(new Random(7), 50);
        var shifted = model.WithBiasOffsets([3, 0, 0, 0, 0, 0, 0]);
        var before = new double[7];
        var after = new double[7];
        model.Predict([1, 2, 3], [0.5f, 0.5f, 0.5f], before);
        shifted.Predict([1, 2, 3], [0.5f, 0.5f, 0.5f], after);
        Assert.True(after[0] > before[0]);
        Assert.Same(model.Weights, shifted.Weights);
    }

    [Fact]
    public void Constructor_RowsOfDifferentLengths_Refused()
    {
        Assert.Throws<ArgumentException>(() => new LinearModel(["a", "b"], [new float[3], new float[4]], [0f, 0f]));
    }
}
