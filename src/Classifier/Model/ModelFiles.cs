using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace SentimentWatch.Classifier.Model;

/// <summary>Reads and writes <c>classifier.zip</c> (the ML.NET model) and <c>classifier.json</c> (its manifest).</summary>
internal static class ModelFiles
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ModelManifest ReadManifest(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw ModelUnavailableException.For(manifestPath, "is missing");
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(manifestPath), JsonOptions)
                ?? throw new JsonException("empty document");
            if (manifest.FormatVersion != ModelManifest.CurrentFormat)
            {
                throw ModelUnavailableException.For(manifestPath, $"has format {manifest.FormatVersion}, this build reads format {ModelManifest.CurrentFormat}");
            }

            if (manifest.Labels is null || manifest.Labels.Count == 0 || manifest.Features is null)
            {
                throw new JsonException("labels or features missing");
            }

            return manifest;
        }
        catch (JsonException ex)
        {
            throw ModelUnavailableException.For(manifestPath, $"is not a valid manifest ({ex.Message})", ex);
        }
    }

    public static void WriteManifest(string manifestPath, ModelManifest manifest)
    {
        var tmp = manifestPath + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(manifest, JsonOptions) + "\n");
        File.Move(tmp, manifestPath, overwrite: true);
    }

    /// <summary>Loads the ML.NET model and takes out its weights for the runtime scorer.</summary>
    public static LinearModel LoadModel(string modelPath, IReadOnlyList<string> labels, int dimensions)
    {
        if (!File.Exists(modelPath))
        {
            throw ModelUnavailableException.For(modelPath, "is missing");
        }

        ITransformer transformer;
        try
        {
            var ml = new MLContext(seed: 0);
            using var stream = File.OpenRead(modelPath);
            transformer = ml.Model.Load(stream, out _);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw ModelUnavailableException.For(modelPath, $"cannot be read as an ML.NET model ({ex.GetType().Name}: {ex.Message})", ex);
        }

        var parameters = FindParameters(transformer)
            ?? throw ModelUnavailableException.For(modelPath, "holds no maximum-entropy classifier");
        var model = ToLinearModel(parameters, labels);
        if (model.Dimensions != dimensions)
        {
            throw ModelUnavailableException.For(modelPath, $"has {model.Dimensions} features but its manifest describes {dimensions}");
        }

        return model;
    }

    public static MaximumEntropyModelParameters? FindParameters(ITransformer transformer) => transformer switch
    {
        MulticlassPredictionTransformer<MaximumEntropyModelParameters> p => p.Model,
        IEnumerable<ITransformer> chain => chain.Select(FindParameters).LastOrDefault(p => p is not null),
        _ => null,
    };

    /// <summary>The model of <paramref name="manifestPath"/>'s zip as the product scores: the main model, and the character member when the manifest has one.</summary>
    public static BlendedModel LoadBlended(string modelPath, ModelManifest manifest)
    {
        var main = LoadModel(modelPath, manifest.Labels, manifest.Features.Dimensions).WithBiasOffsets(manifest.LabelBiasOffsets);
        if (manifest.CharMember is not { } settings)
        {
            return new BlendedModel(main);
        }

        CharNgramMember? member;
        try
        {
            member = CharNgramMember.ReadFrom(modelPath, manifest.Labels, settings.Temperature);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw ModelUnavailableException.For(modelPath, $"holds an unreadable character member ({ex.Message})", ex);
        }

        if (member is null || member.Featuriser.CharNgramMax != settings.CharNgramMax || member.Featuriser.Dimensions != 1 << settings.HashBits || member.Engineered != settings.Engineered)
        {
            throw ModelUnavailableException.For(modelPath, $"holds no character member of n-grams up to {settings.CharNgramMax} in 2^{settings.HashBits} slots{(settings.Engineered ? " and the engineered slots" : "")}, which its manifest describes");
        }

        if (settings.BlendMode is not { } blend)
        {
            throw ModelUnavailableException.For(modelPath, $"has a manifest whose char_member.blend '{settings.Blend}' is neither '{CharMemberSettings.TextBlend}' nor '{CharMemberSettings.ProbabilitiesBlend}'");
        }

        return new BlendedModel(main, member, settings.Weight, blend);
    }

    public static LinearModel ToLinearModel(LinearMulticlassModelParametersBase parameters, IReadOnlyList<string> labels)
    {
        VBuffer<float>[] weights = [];
        parameters.GetWeights(ref weights, out var classes);
        var biases = parameters.GetBiases().ToArray();
        if (classes != labels.Count || biases.Length != labels.Count)
        {
            throw new InvalidDataException($"model has {classes} classes, the manifest lists {labels.Count} labels");
        }

        var rows = new float[classes][];
        for (var c = 0; c < classes; c++)
        {
            rows[c] = new float[weights[c].Length];
            weights[c].CopyTo(rows[c]);
        }

        return new LinearModel(labels, rows, biases);
    }

    /// <summary>Hash of weights and biases: equal for equal models, whatever the zip's timestamps.</summary>
    public static string WeightsSha256(LinearModel model, CharNgramMember? member = null)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        member?.AppendHash(sha);
        foreach (var row in model.Weights)
        {
            sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
        }

        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.Biases.AsSpan()));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string FileSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
