using System.IO.Compression;
using System.Security.Cryptography;
using SentimentWatch.Classifier.Features;

namespace SentimentWatch.Classifier.Model;

/// <summary>
/// The second member of the ensemble: a hinge-loss (or maximum-entropy) linear model over <see cref="CharNgramTfIdf"/>
/// vectors, its scores turned into probabilities by a softmax at a temperature fitted on held-out folds. Its raw
/// weights, biases and IDF table are stored in the model zip next to ML.NET's own entries (<see cref="EntryName"/>);
/// the manifest's <c>char_member</c> says how it was trained and how much it weighs. With <see cref="Engineered"/> the
/// main model's engineered slots (contacts, registers, the timing conjunctions; <see cref="EngineeredFeatures"/>), at
/// the main model's values, follow the character block, so the member can weigh the publication time too.
/// </summary>
internal sealed class CharNgramMember
{
    /// <summary>The zip entry that holds the member; ML.NET ignores entries outside its own folders.</summary>
    public const string EntryName = "SentimentWatch/char_member.bin";

    private const int Magic = 0x314d4353; // "SCM1": characters only
    private const int MagicEngineered = 0x324d4353; // "SCM2": then the engineered slots

    public CharNgramMember(CharNgramTfIdf featuriser, LinearModel scores, double temperature, bool engineered = false)
    {
        var expected = featuriser.Dimensions + (engineered ? EngineeredFeatures.Count : 0);
        if (scores.Dimensions != expected)
        {
            throw new InvalidDataException($"character member has {scores.Dimensions} weights per label for {featuriser.Dimensions} IDF slots{(engineered ? $" and {EngineeredFeatures.Count} engineered slots" : "")}");
        }

        if (!(temperature > 0) || double.IsInfinity(temperature))
        {
            throw new InvalidDataException($"character member temperature {temperature} must be positive");
        }

        Featuriser = featuriser;
        Scores = scores;
        Temperature = temperature;
        Engineered = engineered;
        var t = (float)temperature;
        _calibrated = new LinearModel(scores.Labels, scores.Weights.Select(row => row.Select(w => w * t).ToArray()).ToArray(), scores.Biases.Select(b => b * t).ToArray());
    }

    private readonly LinearModel _calibrated;

    public CharNgramTfIdf Featuriser { get; }

    /// <summary>The learner's raw scores (weights and biases as trained, before the temperature).</summary>
    public LinearModel Scores { get; }

    public double Temperature { get; }

    /// <summary>The main model's engineered slots follow the character block.</summary>
    public bool Engineered { get; }

    /// <summary>softmax(temperature × (W·x + b)) over the labels, for a member of characters only.</summary>
    public void Predict(string normalisedText, Span<double> probabilities)
    {
        if (Engineered)
        {
            throw new InvalidOperationException("this character member reads the engineered slots too: score an analysed post");
        }

        var (indices, values) = Featuriser.Vectorise(normalisedText);
        _calibrated.Predict(indices, values, probabilities);
    }

    /// <summary>softmax(temperature × (W·x + b)) over the labels for an analysed post.</summary>
    public void Predict(FeatureVector features, Span<double> probabilities)
    {
        var (indices, values) = Vectorise(features);
        _calibrated.Predict(indices, values, probabilities);
    }

    /// <summary>The member's input: the TF-IDF character block, then (with <see cref="Engineered"/>) the main model's engineered slots.</summary>
    public (int[] Indices, float[] Values) Vectorise(FeatureVector features)
    {
        var (indices, values) = features.CharNgramHashes is { } hashes && features.CharNgramMax == Featuriser.CharNgramMax
            ? Featuriser.Vectorise(hashes)
            : Featuriser.Vectorise(features.Text);
        return Engineered ? AppendEngineered(indices, values, features, Featuriser.Dimensions) : (indices, values);
    }

    /// <summary><paramref name="indices"/> (all below <paramref name="at"/>) followed by the post's engineered slots from <paramref name="at"/> on, at the main model's values.</summary>
    internal static (int[] Indices, float[] Values) AppendEngineered(int[] indices, float[] values, FeatureVector features, int at)
    {
        var extra = 0;
        foreach (var o in features.Origins)
        {
            extra += o.Family == FeatureFamily.Engineered ? 1 : 0;
        }

        if (extra == 0)
        {
            return (indices, values);
        }

        var outIndices = new int[indices.Length + extra];
        var outValues = new float[values.Length + extra];
        indices.CopyTo(outIndices, 0);
        values.CopyTo(outValues, 0);
        var k = indices.Length;
        // The main vector is sorted by index and the engineered slots come last in it, in slot order.
        for (var i = 0; i < features.Origins.Length; i++)
        {
            if (features.Origins[i].Family == FeatureFamily.Engineered)
            {
                outIndices[k] = at + features.Origins[i].A;
                outValues[k] = features.Values[i];
                k++;
            }
        }

        return (outIndices, outValues);
    }

    /// <summary>Adds the member to an ML.NET model zip (replacing an earlier one).</summary>
    public void WriteInto(string zipPath)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        zip.GetEntry(EntryName)?.Delete();
        using var stream = zip.CreateEntry(EntryName, CompressionLevel.Optimal).Open();
        using var w = new BinaryWriter(stream);
        var labels = Scores.Labels.Count;
        w.Write(Engineered ? MagicEngineered : Magic);
        w.Write(labels);
        w.Write(Featuriser.CharNgramMax);
        w.Write(Featuriser.Dimensions);
        foreach (var b in Scores.Biases)
        {
            w.Write(b);
        }

        // Only slots that carry a weight: the table is 2^bits long, the corpus touches a fraction of it. The IDF of
        // every other slot is the same (no training text has it), written once.
        var unseen = Featuriser.Idf.Max();
        w.Write(unseen);
        var used = Enumerable.Range(0, Featuriser.Dimensions).Where(j => Featuriser.Idf[j] != unseen || Scores.Weights.Any(row => row[j] != 0)).ToArray();
        w.Write(used.Length);
        foreach (var j in used)
        {
            w.Write(j);
            w.Write(Featuriser.Idf[j]);
            foreach (var row in Scores.Weights)
            {
                w.Write(row[j]);
            }
        }

        if (Engineered)
        {
            w.Write(EngineeredFeatures.Count);
            for (var j = Featuriser.Dimensions; j < Scores.Dimensions; j++)
            {
                foreach (var row in Scores.Weights)
                {
                    w.Write(row[j]);
                }
            }
        }
    }

    /// <summary>The member stored in <paramref name="zipPath"/>, or null when the zip holds none.</summary>
    public static CharNgramMember? ReadFrom(string zipPath, IReadOnlyList<string> labels, double temperature)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var entry = zip.GetEntry(EntryName);
        if (entry is null)
        {
            return null;
        }

        using var r = new BinaryReader(entry.Open());
        var magic = r.ReadInt32();
        if (magic is not (Magic or MagicEngineered))
        {
            throw new InvalidDataException($"{EntryName} is not a character member");
        }

        var engineered = magic == MagicEngineered;

        var count = r.ReadInt32();
        if (count != labels.Count)
        {
            throw new InvalidDataException($"character member has {count} labels, the manifest lists {labels.Count}");
        }

        var maxN = r.ReadInt32();
        var dims = r.ReadInt32();
        if (dims <= 0 || dims > 1 << 24 || (dims & (dims - 1)) != 0 || maxN is < 1 or > 8)
        {
            throw new InvalidDataException($"character member has {dims} slots and n-grams up to {maxN}");
        }

        var biases = new float[count];
        for (var c = 0; c < count; c++)
        {
            biases[c] = r.ReadSingle();
        }

        var idf = new float[dims];
        Array.Fill(idf, r.ReadSingle());
        var weights = new float[count][];
        for (var c = 0; c < count; c++)
        {
            weights[c] = new float[dims + (engineered ? EngineeredFeatures.Count : 0)];
        }

        var used = r.ReadInt32();
        for (var k = 0; k < used; k++)
        {
            var j = r.ReadInt32();
            if ((uint)j >= (uint)dims)
            {
                throw new InvalidDataException($"character member slot {j} outside 0..{dims - 1}");
            }

            idf[j] = r.ReadSingle();
            for (var c = 0; c < count; c++)
            {
                weights[c][j] = r.ReadSingle();
            }
        }

        if (engineered)
        {
            var slots = r.ReadInt32();
            if (slots != EngineeredFeatures.Count)
            {
                throw new InvalidDataException($"character member has {slots} engineered slots, this build {EngineeredFeatures.Count}");
            }

            for (var j = dims; j < dims + slots; j++)
            {
                for (var c = 0; c < count; c++)
                {
                    weights[c][j] = r.ReadSingle();
                }
            }
        }

        return new CharNgramMember(new CharNgramTfIdf(maxN, idf), new LinearModel(labels, weights, biases), temperature, engineered);
    }

    /// <summary>Hash of the member's raw weights, biases and IDF table.</summary>
    public void AppendHash(IncrementalHash sha)
    {
        foreach (var row in Scores.Weights)
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
        }

        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Scores.Biases.AsSpan()));
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Featuriser.Idf.AsSpan()));
    }
}
