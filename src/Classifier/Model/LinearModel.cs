namespace SentimentWatch.Classifier.Model;

/// <summary>
/// The trained multiclass linear model as the runtime uses it: one weight row per label and a bias, softmax on top
/// (exactly what ML.NET's maximum-entropy predictor computes). Scoring a sparse vector touches only its non-zeros,
/// and the same weights explain each prediction (weight × value per feature).
/// </summary>
internal sealed class LinearModel
{
    public LinearModel(IReadOnlyList<string> labels, float[][] weights, float[] biases)
    {
        if (weights.Length != labels.Count || biases.Length != labels.Count)
        {
            throw new ArgumentException("one weight row and one bias per label expected");
        }

        Labels = labels;
        Weights = weights;
        Biases = biases;
        Dimensions = weights.Length == 0 ? 0 : weights[0].Length;
    }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>[label][feature].</summary>
    public float[][] Weights { get; }

    public float[] Biases { get; }

    public int Dimensions { get; }

    /// <summary>The same weights with <paramref name="offsets"/> (one per label) added to the biases; this model when null.</summary>
    public LinearModel WithBiasOffsets(IReadOnlyList<double>? offsets)
    {
        if (offsets is null)
        {
            return this;
        }

        if (offsets.Count != Labels.Count)
        {
            throw new InvalidDataException($"{offsets.Count} label bias offsets for {Labels.Count} labels");
        }

        var biases = new float[Biases.Length];
        for (var c = 0; c < biases.Length; c++)
        {
            biases[c] = (float)(Biases[c] + offsets[c]);
        }

        return new LinearModel(Labels, Weights, biases);
    }

    /// <summary>Writes softmax probabilities per label into <paramref name="probabilities"/>.</summary>
    public void Predict(int[] indices, float[] values, Span<double> probabilities)
    {
        Score(indices, values, probabilities);
        Softmax(probabilities);
    }

    /// <summary>Writes the raw scores W·x + b per label into <paramref name="scores"/>.</summary>
    public void Score(int[] indices, float[] values, Span<double> scores)
    {
        for (var c = 0; c < Labels.Count; c++)
        {
            var row = Weights[c];
            double s = Biases[c];
            for (var i = 0; i < indices.Length; i++)
            {
                var j = indices[i];
                if ((uint)j < (uint)row.Length)
                {
                    s += row[j] * values[i];
                }
            }

            scores[c] = s;
        }
    }

    /// <summary>Turns scores into probabilities in place.</summary>
    public static void Softmax(Span<double> scores)
    {
        var max = double.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var sum = 0.0;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            sum += scores[c];
        }

        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] /= sum;
        }
    }

    /// <summary>How much feature slot <paramref name="i"/> pushed label <paramref name="label"/> over the average label.</summary>
    public double Contribution(int label, int index, float value)
    {
        if ((uint)index >= (uint)Dimensions)
        {
            return 0;
        }

        var mean = 0.0;
        for (var c = 0; c < Weights.Length; c++)
        {
            mean += Weights[c][index];
        }

        mean /= Weights.Length;
        return value * (Weights[label][index] - mean);
    }
}
