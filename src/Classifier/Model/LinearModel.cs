namespace SentimentWatch.Classifier.Model;

/// <summary>
/// The trained multiclass linear model as the runtime uses it: one weight row per label and a bias, softmax on top
/// (exactly what ML.NET's maximum-entropy predictor computes). Scoring a sparse vector touches only its non-zeros,
/// and the same weights explain each prediction (weight × value per feature).
/// </summary>
internal sealed class LinearModel
{
    /// <summary>
    /// The weights feature by feature, <c>[feature × labels + label]</c>: scoring a post reads one short run per feature
    /// instead of one scattered read per label and feature in a table of several megabytes. Each label's sum is still
    /// added in the same order, so the results are the same bits as reading <see cref="Weights"/> row by row.
    /// </summary>
    private readonly float[] _byFeature;

    public LinearModel(IReadOnlyList<string> labels, float[][] weights, float[] biases)
        : this(labels, weights, biases, null)
    {
    }

    private LinearModel(IReadOnlyList<string> labels, float[][] weights, float[] biases, float[]? byFeature)
    {
        if (weights.Length != labels.Count || biases.Length != labels.Count)
        {
            throw new ArgumentException("one weight row and one bias per label expected");
        }

        Labels = labels;
        Weights = weights;
        Biases = biases;
        Dimensions = weights.Length == 0 ? 0 : weights[0].Length;
        if (weights.Any(row => row.Length != Dimensions))
        {
            throw new ArgumentException("every label's weight row must have the same length");
        }

        _byFeature = byFeature ?? Transpose(weights, Dimensions);
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

        return new LinearModel(Labels, Weights, biases, _byFeature);
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
        var k = Labels.Count;
        for (var c = 0; c < k; c++)
        {
            scores[c] = Biases[c];
        }

        var w = _byFeature;
        for (var i = 0; i < indices.Length; i++)
        {
            var j = indices[i];
            if ((uint)j >= (uint)Dimensions)
            {
                continue;
            }

            var v = values[i];
            var at = j * k;
            for (var c = 0; c < k; c++)
            {
                // float × float, then added to the double sum: the same operations, in the same order per label, as a row walk.
                scores[c] += w[at + c] * v;
            }
        }
    }

    /// <summary>Adds feature slot <paramref name="index"/>'s weight × <paramref name="value"/> to each label's score.</summary>
    public void AddScores(int index, float value, Span<double> scores)
    {
        if ((uint)index >= (uint)Dimensions)
        {
            return;
        }

        var k = Labels.Count;
        var at = index * k;
        for (var c = 0; c < k; c++)
        {
            scores[c] += _byFeature[at + c] * value;
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

        var k = Labels.Count;
        var at = index * k;
        var mean = 0.0;
        for (var c = 0; c < k; c++)
        {
            mean += _byFeature[at + c];
        }

        mean /= k;
        return value * (_byFeature[at + label] - mean);
    }

    private static float[] Transpose(float[][] rows, int dimensions)
    {
        var k = rows.Length;
        var byFeature = new float[checked(dimensions * k)];
        for (var c = 0; c < k; c++)
        {
            var row = rows[c];
            for (var j = 0; j < dimensions; j++)
            {
                byFeature[(j * k) + c] = row[j];
            }
        }

        return byFeature;
    }
}
