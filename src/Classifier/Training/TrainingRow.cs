using Microsoft.ML.Data;

namespace SentimentWatch.Classifier.Training;

/// <summary>ML.NET schema of a training row: the label and the pre-computed sparse feature vector.</summary>
internal sealed class TrainingRow
{
    public string Label { get; set; } = "";

    /// <summary>Example weight: <c>Classifier:Training:HarmfulWeight</c> for the harmful labels, 1 otherwise.</summary>
    public float Weight { get; set; } = 1f;

    /// <summary>Sized at run time through a schema definition (the feature space size is configurable).</summary>
    public VBuffer<float> Features { get; set; }
}

/// <summary>ML.NET schema of the label dictionary (fixes the label → class index order to the manifest's).</summary>
internal sealed class LabelRow
{
    public string Label { get; set; } = "";
}
