using Microsoft.Extensions.Time.Testing;
using Microsoft.ML;
using Microsoft.ML.Data;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Training;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Tests.Model;

public sealed class ModelTrainerTests
{
    [Fact]
    public void StratifiedFolds_DevCorpus_EachLabelSpreadEvenlyOverFolds()
    {
        var examples = Some.DevCorpus();

        var folds = ModelTrainer.StratifiedFolds(examples, 4, seed: 1);

        foreach (var label in Labels.All)
        {
            var perFold = Enumerable.Range(0, 4).Select(f => examples.Where((e, i) => e.Label == label && folds[i] == f).Count()).ToList();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"{label}: {string.Join(",", perFold)}");
        }
    }

    [Fact]
    public void Train_DevCorpus_ManifestHasCrossValidationForEveryExample()
    {
        var manifest = Some.Model.Outcome.Manifest;

        Assert.Equal(Labels.All, manifest.Labels);
        Assert.Equal(Some.DevCorpus().Count, manifest.CrossValidation.Examples);
        Assert.Equal(7, manifest.CrossValidation.PerLabel.Count);
        Assert.Equal(manifest.CrossValidation.Examples, manifest.CrossValidation.Confusion.Sum(r => r.Sum()));
        Assert.Equal(12, manifest.CrossValidation.HardNegatives);
        Assert.InRange(manifest.CrossValidation.ExpectedCalibrationError, 0, 1);
        Assert.StartsWith("2026.09.01-", manifest.ModelVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_DevCorpus_MisclassifiedListsExactlyTheCrossValidationErrorsWithReasons()
    {
        var outcome = Some.Model.Outcome;
        var cv = outcome.Manifest.CrossValidation;
        var offDiagonal = cv.Confusion.Select((row, r) => row.Where((_, c) => c != r).Sum()).Sum();

        var errors = outcome.Misclassified.Where(m => m.Split == "cv").ToList();

        Assert.Equal(offDiagonal, errors.Count);
        Assert.All(errors, m => Assert.NotEqual(m.Label, m.Predicted));
        for (var r = 0; r < cv.Confusion.Count; r++)
        {
            for (var c = 0; c < cv.Confusion.Count; c++)
            {
                if (r != c)
                {
                    Assert.Equal(cv.Confusion[r][c], errors.Count(m => m.Label == Labels.All[r] && m.Predicted == Labels.All[c]));
                }
            }
        }
    }

    [Fact]
    public void LearnHarmfulThreshold_UnsureFlagsOnHardNegatives_ThresholdAboveThemKeepsConfidentLeaks()
    {
        var cv = new List<ScoredExample>();
        for (var i = 0; i < 20; i++)
        {
            cv.Add(new ScoredExample(0, Probabilities(0, 0.9), false));
            cv.Add(new ScoredExample(1, Probabilities(1, 0.8), false));
            cv.Add(new ScoredExample(6, Probabilities(6, 0.9), true));
        }

        cv.Add(new ScoredExample(6, Probabilities(2, 0.42), true));
        cv.Add(new ScoredExample(6, Probabilities(3, 0.47), true));

        var t = ModelTrainer.LearnHarmfulThreshold(Labels.All, cv, 0.95);

        Assert.InRange(t, 0.48, 0.80);
        Assert.Equal(0, Evaluator.Evaluate(Labels.All, cv, t).HardNegativesFlaggedHarmful);
    }

    [Fact]
    public void LearnHarmfulThreshold_DemotingWouldCostLeakRecall_NoThreshold()
    {
        var cv = new List<ScoredExample>();
        for (var i = 0; i < 10; i++)
        {
            // The leaks are as unsure as the false flag: any threshold that clears the flag loses them.
            cv.Add(new ScoredExample(0, Probabilities(0, 0.4), false));
            cv.Add(new ScoredExample(6, Probabilities(6, 0.9), true));
        }

        cv.Add(new ScoredExample(6, Probabilities(2, 0.45), true));

        Assert.Equal(0, ModelTrainer.LearnHarmfulThreshold(Labels.All, cv, 0.95));
    }

    private static double[] Probabilities(int label, double p)
    {
        var v = Enumerable.Repeat((1 - p) / (Labels.All.Count - 1), Labels.All.Count).ToArray();
        v[label] = p;
        return v;
    }

    [Fact]
    public void Train_SameDataAndSeed_SameWeights()
    {
        var examples = Some.DevCorpus();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero));
        var again = new ModelTrainer(Some.Extractor(), Some.SmallTraining(), time).Train(examples, null, Some.Data(examples.Count), "0", null, CancellationToken.None);

        Assert.Equal(Some.Model.Outcome.Manifest.WeightsSha256, again.Manifest.WeightsSha256);
    }

    [Fact]
    public void Save_ThenLoad_RuntimeScorerMatchesMlNetScores()
    {
        var model = Some.Model;
        var loaded = ModelFiles.LoadModel(model.ZipPath, model.Outcome.Manifest.Labels, Some.SmallSpec.Dimensions);
        var ml = new MLContext(seed: 1);
        var transformer = ml.Model.Load(model.ZipPath, out _);
        var extractor = Some.Extractor();
        var texts = new[] { "出售法考真题答案，加QQ 2876543210", "机考系统卡了二十分钟", "警方破获一起法考作弊案" };
        var rows = texts.Select(t =>
        {
            var v = extractor.Analyse(t, null).Features;
            return new TrainingRow { Label = Labels.Normal, Features = new VBuffer<float>(Some.SmallSpec.Dimensions, v.Indices.Length, v.Values, v.Indices) };
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(TrainingRow));
        schema[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Some.SmallSpec.Dimensions);
        var scored = transformer.Transform(ml.Data.LoadFromEnumerable(rows, schema));
        var mlScores = scored.GetColumn<float[]>("Score").ToList();

        for (var i = 0; i < rows.Count; i++)
        {
            var ours = new double[Labels.All.Count];
            loaded.Predict(rows[i].Features.GetIndices().ToArray(), rows[i].Features.GetValues().ToArray(), ours);
            for (var c = 0; c < ours.Length; c++)
            {
                Assert.Equal(mlScores[i][c], ours[c], 4);
            }
        }
    }
}
