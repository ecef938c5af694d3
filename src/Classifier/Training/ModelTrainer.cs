using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Training;

/// <summary>A step of training, for progress display.</summary>
public sealed record TrainingProgress(string Stage, int Done, int Total);

/// <summary>What one training run produced.</summary>
internal sealed record TrainingOutcome(ModelManifest Manifest, BlendedModel Model, ITransformer Transformer, DataViewSchema Schema)
{
    /// <summary>Every example the cross-validation or the test split got wrong, with the reasons of the model that judged it.</summary>
    public IReadOnlyList<MisclassifiedExample> Misclassified { get; init; } = [];

    /// <summary>
    /// Cross-validation and test metrics restricted to the examples with and without <c>published_at</c>: the timed
    /// ones show whether the timing features are learned, the untimed ones that they cost the rest nothing.
    /// </summary>
    public IReadOnlyList<(string Name, EvaluationMetrics Metrics)> TimingBreakdown { get; init; } = [];
}

/// <summary>A corpus example predicted wrongly, kept for error analysis (<c>Classifier:Training:ReviewFile</c>).</summary>
/// <param name="Split"><c>cv</c> (predicted by the fold model that never saw it) or <c>test</c>.</param>
internal sealed record MisclassifiedExample(string Split, LabelledExample Example, string Predicted, double Confidence, IReadOnlyList<string> Reasons)
{
    public string Label => Example.Label;

    /// <summary>A hard negative reported with a harmful label: the error the corpus rounds work on.</summary>
    public bool HardNegativeFlaggedHarmful => Example.IsHardNegative && Labels.IsHarmful(Predicted);
}

/// <summary>
/// Trains the maximum-entropy (multinomial logistic regression, L-BFGS) model over pre-computed features with a fixed
/// seed and single-threaded optimisation, so the same data gives the same weights. Stratified k-fold cross-validation
/// first (every example predicted once by a model that never saw it), then the final model on all of it.
/// </summary>
internal sealed class ModelTrainer
{
    private readonly FeatureExtractor _extractor;
    private readonly ClassifierTrainingOptions _options;
    private readonly TimeProvider _time;

    public ModelTrainer(FeatureExtractor extractor, ClassifierTrainingOptions options, TimeProvider time)
    {
        _extractor = extractor;
        _options = options;
        _time = time;
    }

    public static IReadOnlyList<string> LabelOrder => Labels.All;

    public TrainingOutcome Train(
        IReadOnlyList<LabelledExample> train, IReadOnlyList<LabelledExample>? test, TrainingData data, string variantsSha256,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        if (train.Count == 0)
        {
            throw new InvalidOperationException("no training examples");
        }

        var labels = LabelOrder;
        var (rows, vectors) = Featurise(train, "featurising", progress, cancellationToken);
        var misclassified = new List<MisclassifiedExample>();
        var folds = _options.Folds >= 2 ? StratifiedFolds(train, _options.Folds, _options.Seed) : new int[train.Count];
        var foldModels = new BlendedModel?[Math.Max(1, _options.Folds)];
        var member = _options.CharMemberWeight > 0 ? PrepareCharMember(train, vectors, labels, progress, cancellationToken) : null;
        var blend = _options.CharMemberBlend == CharMemberSettings.ProbabilitiesBlend ? CharMemberBlend.Probabilities : CharMemberBlend.Text;
        var scored = new ScoredExample[train.Count];
        for (var f = 0; f < _options.Folds; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new TrainingProgress($"cross-validation fold {f + 1}/{_options.Folds}", f, _options.Folds + 1));
            var trainIdx = Enumerable.Range(0, train.Count).Where(i => folds[i] != f).ToList();
            if (trainIdx.Count == train.Count)
            {
                continue;
            }

            var (_, _, main) = Fit(trainIdx.Select(i => rows[i]).ToList(), labels);
            var model = member is null ? new BlendedModel(main)
                : new BlendedModel(main, member.Fit(this, trainIdx, labels), _options.CharMemberWeight, blend);
            foldModels[f] = model;
            for (var i = 0; i < train.Count; i++)
            {
                if (folds[i] == f)
                {
                    scored[i] = Score(model, vectors[i], train[i], labels);
                }
            }
        }

        var cvScored = scored.Where(s => s.Probabilities is not null).ToList();
        var offsets = _options.CalibrateLabelOffsets && cvScored.Count > 0 ? LabelOffsets.Fit(labels, cvScored, _options.HardNegativeBudget) : null;
        if (offsets is not null)
        {
            for (var i = 0; i < scored.Length; i++)
            {
                if (scored[i].Probabilities is not null)
                {
                    scored[i] = scored[i] with { Probabilities = LabelOffsets.Apply(scored[i].Probabilities, offsets) };
                }
            }

            cvScored = scored.Where(s => s.Probabilities is not null).ToList();
            for (var f = 0; f < foldModels.Length; f++)
            {
                foldModels[f] = foldModels[f] is { } m ? new BlendedModel(m.Main.WithBiasOffsets(offsets)) : null;
            }
        }

        var threshold = _options.LearnHarmfulThreshold && cvScored.Count > 0 ? LearnHarmfulThreshold(labels, cvScored, _options.MinLeakOrAnswerSellingRecall) : 0;
        var cv = Evaluator.Evaluate(labels, cvScored, threshold);
        var breakdown = new List<(string, EvaluationMetrics)>(4);
        AddTimingBreakdown(breakdown, "cross-validation", labels, train, scored, threshold);
        // Errors are listed under the decision rule the product applies, like the metrics.
        for (var i = 0; i < train.Count; i++)
        {
            if (scored[i].Probabilities is not null && foldModels[folds[i]] is { } foldModel)
            {
                AddIfWrong(misclassified, "cv", foldModel, vectors[i], train[i], scored[i], labels, threshold);
            }
        }

        progress?.Report(new TrainingProgress("final model", _options.Folds, _options.Folds + 1));
        var (transformer, schema, fitted) = Fit(rows, labels);
        // The product adds the offsets to the biases when it loads the model (ClassifierModelProvider); the test split is
        // scored the same way. The zip keeps the fitted weights, so weights_sha256 is the optimiser's output.
        var finalMember = member?.Fit(this, Enumerable.Range(0, train.Count).ToList(), labels);
        var final = new BlendedModel(offsets is null ? fitted : fitted.WithBiasOffsets(offsets), finalMember, _options.CharMemberWeight, blend);

        EvaluationMetrics? testMetrics = null;
        if (test is { Count: > 0 })
        {
            var (testRows, testVectors) = Featurise(test, "test split", progress, cancellationToken);
            var testScored = test.Select((e, i) => Score(final, testVectors[i], e, labels)).ToList();
            for (var i = 0; i < test.Count; i++)
            {
                AddIfWrong(misclassified, "test", final, testVectors[i], test[i], testScored[i], labels, threshold);
            }

            testMetrics = Evaluator.Evaluate(labels, testScored, threshold);
            AddTimingBreakdown(breakdown, "test split", labels, test, testScored, threshold);
        }

        progress?.Report(new TrainingProgress("done", _options.Folds + 1, _options.Folds + 1));
        var weightsHash = ModelFiles.WeightsSha256(fitted, finalMember);
        var manifest = new ModelManifest(
            ModelManifest.CurrentFormat,
            string.Create(CultureInfo.InvariantCulture, $"{_time.GetUtcNow():yyyy.MM.dd}-{weightsHash[..8]}"),
            _time.GetUtcNow(),
            labels,
            _extractor.Spec,
            variantsSha256,
            new TrainerSettings("LbfgsMaximumEntropy", _options.Seed, _options.Folds, _options.L1Regularization, _options.L2Regularization, _options.MaximumIterations, _options.HarmfulWeight),
            data,
            weightsHash,
            cv,
            testMetrics,
            threshold)
        {
            LabelBiasOffsets = offsets,
            CharMember = finalMember is null ? null : new CharMemberSettings(
                _options.CharMemberLearner == ClassifierTrainingOptions.MaxEntLearner ? "LbfgsMaximumEntropy" : "SdcaHinge",
                finalMember.Featuriser.CharNgramMax, _extractor.Spec.HashBits, _options.CharMemberL2Regularization, finalMember.Temperature, _options.CharMemberWeight, _options.CharMemberBlend)
            {
                Engineered = finalMember.Engineered,
            },
        };
        return new TrainingOutcome(manifest, final, transformer, schema) { Misclassified = misclassified, TimingBreakdown = breakdown };
    }

    private static void AddTimingBreakdown(
        List<(string, EvaluationMetrics)> into, string split, IReadOnlyList<string> labels, IReadOnlyList<LabelledExample> examples, IReadOnlyList<ScoredExample> scored, double threshold)
    {
        var timed = new List<ScoredExample>();
        var untimed = new List<ScoredExample>();
        for (var i = 0; i < examples.Count; i++)
        {
            if (scored[i].Probabilities is not null)
            {
                (examples[i].PublishedAt is null ? untimed : timed).Add(scored[i]);
            }
        }

        if (timed.Count > 0)
        {
            into.Add(($"{split}, timed examples", Evaluator.Evaluate(labels, timed, threshold)));
            into.Add(($"{split}, untimed examples", Evaluator.Evaluate(labels, untimed, threshold)));
        }
    }

    /// <summary>
    /// The harmful-label probability floor: on the cross-validation predictions (never the test split), the candidate
    /// that flags the fewest hard negatives while leak + answer_selling recall stays at <paramref name="minRecall"/>
    /// (or at the arg-max recall if that is already lower) and macro-F1 stays within 0.005 of arg-max; ties go to the
    /// lower threshold. 0 when nothing beats plain arg-max.
    /// </summary>
    internal static double LearnHarmfulThreshold(IReadOnlyList<string> labels, IReadOnlyList<ScoredExample> cv, double minRecall)
    {
        var baseline = Evaluator.Evaluate(labels, cv);
        var floor = Math.Min(minRecall, baseline.LeakOrAnswerSellingRecall);
        var best = 0.0;
        var bestFlagged = baseline.HardNegativesFlaggedHarmful;
        for (var t = 0.30; t <= 0.701; t += 0.05)
        {
            var candidate = Math.Round(t, 2);
            var m = Evaluator.Evaluate(labels, cv, candidate);
            if (m.LeakOrAnswerSellingRecall >= floor && m.MacroF1 >= baseline.MacroF1 - 0.005 && m.HardNegativesFlaggedHarmful < bestFlagged)
            {
                best = candidate;
                bestFlagged = m.HardNegativesFlaggedHarmful;
            }
        }

        return best;
    }

    private static void AddIfWrong(List<MisclassifiedExample> into, string split, BlendedModel model, FeatureVector vector, LabelledExample e, ScoredExample s, IReadOnlyList<string> labels, double threshold)
    {
        var predicted = Evaluator.Decide(labels, s.Probabilities, threshold, Evaluator.Index(labels, Labels.Normal));
        if (predicted == s.TrueLabel)
        {
            return;
        }

        var reasons = new List<string>(8);
        Pipeline.PostClassifier.AddModelReasons(model.Main, vector, predicted, 8, reasons);
        into.Add(new MisclassifiedExample(split, e, labels[predicted], Math.Round(s.Probabilities[predicted], 4), reasons));
    }

    private static ScoredExample Score(BlendedModel model, FeatureVector vector, LabelledExample e, IReadOnlyList<string> labels)
    {
        var probabilities = new double[labels.Count];
        model.Predict(vector, probabilities);
        return new ScoredExample(IndexOf(labels, e.Label), probabilities, e.IsHardNegative);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
            {
                return i;
            }
        }

        throw new InvalidDataException($"unknown label '{label}'");
    }

    private (List<TrainingRow> Rows, List<FeatureVector> Vectors) Featurise(IReadOnlyList<LabelledExample> examples, string stage, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var dims = _extractor.Spec.Dimensions;
        var rows = new List<TrainingRow>(examples.Count);
        var vectors = new List<FeatureVector>(examples.Count);
        for (var i = 0; i < examples.Count; i++)
        {
            if (i % 200 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new TrainingProgress(stage, i, examples.Count));
            }

            var v = _extractor.Analyse(examples[i].Text, examples[i].PublishedAt).Features;
            vectors.Add(v);
            rows.Add(new TrainingRow { Label = examples[i].Label, Weight = Labels.IsHarmful(examples[i].Label) ? _options.HarmfulWeight : 1f, Features = new VBuffer<float>(dims, v.Indices.Length, v.Values, v.Indices) });
        }

        return (rows, vectors);
    }

    /// <summary>Fold index per example: each label's examples shuffled with the seed, then dealt round-robin.</summary>
    internal static int[] StratifiedFolds(IReadOnlyList<LabelledExample> examples, int folds, int seed)
    {
        var assignment = new int[examples.Count];
        var random = new Random(seed);
        foreach (var group in examples.Select((e, i) => (e.Label, i)).GroupBy(x => x.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var idx = group.Select(x => x.i).ToArray();
            random.Shuffle(idx);
            for (var k = 0; k < idx.Length; k++)
            {
                assignment[idx[k]] = k % folds;
            }
        }

        return assignment;
    }

    private (ITransformer Transformer, DataViewSchema Schema, LinearModel Model) Fit(IReadOnlyList<TrainingRow> rows, IReadOnlyList<string> labels)
    {
        var (ml, data, keyed) = Load(rows, labels, _extractor.Spec.Dimensions);
        var pipeline = keyed.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(MaxEntOptions(_options.L1Regularization, _options.L2Regularization)));
        var transformer = pipeline.Fit(data);
        var parameters = ModelFiles.FindParameters(transformer) ?? throw new InvalidOperationException("trainer produced no model");
        return (transformer, data.Schema, ModelFiles.ToLinearModel(parameters, labels));
    }

    private (MLContext Ml, IDataView Data, Microsoft.ML.Transforms.ValueToKeyMappingEstimator Keyed) Load(IReadOnlyList<TrainingRow> rows, IReadOnlyList<string> labels, int dimensions)
    {
        var ml = new MLContext(seed: _options.Seed);
        var schemaDefinition = SchemaDefinition.Create(typeof(TrainingRow));
        schemaDefinition[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        var data = ml.Data.LoadFromEnumerable(rows, schemaDefinition);
        var keys = ml.Data.LoadFromEnumerable(labels.Select(l => new LabelRow { Label = l }));
        return (ml, data, ml.Transforms.Conversion.MapValueToKey(nameof(TrainingRow.Label), keyData: keys));
    }

    private LbfgsMaximumEntropyMulticlassTrainer.Options MaxEntOptions(float l1, float l2) => new()
    {
        LabelColumnName = nameof(TrainingRow.Label),
        FeatureColumnName = nameof(TrainingRow.Features),
        ExampleWeightColumnName = nameof(TrainingRow.Weight),
        L1Regularization = l1,
        L2Regularization = l2,
        MaximumNumberOfIterations = _options.MaximumIterations,
        // One thread: multi-threaded L-BFGS sums gradients in a varying order and the weights drift between runs.
        NumberOfThreads = 1,
        ShowTrainingStatistics = false,
    };

    /// <summary>
    /// The character member's data: the IDF table from every training text, each example's TF-IDF vector, and the
    /// softmax temperature, fitted on 3 stratified folds (the member trained on two, its raw scores on the third) by
    /// minimising the log-loss. Cross-validation folds reuse the table and the temperature (fitted on all training texts).
    /// </summary>
    private CharMemberData PrepareCharMember(
        IReadOnlyList<LabelledExample> train, IReadOnlyList<FeatureVector> vectors, IReadOnlyList<string> labels, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new TrainingProgress("character member", 0, 4));
        var featuriser = new CharNgramTfIdf(_extractor.Spec.CharNgramMax, CharNgramTfIdf.FitIdf(vectors.Select(v => v.Text), _extractor.Spec.CharNgramMax, _extractor.Spec.HashBits));
        var engineered = _options.CharMemberEngineered;
        var dimensions = featuriser.Dimensions + (engineered ? EngineeredFeatures.Count : 0);
        var rows = new List<TrainingRow>(train.Count);
        for (var i = 0; i < train.Count; i++)
        {
            var (indices, values) = featuriser.Vectorise(vectors[i].Text);
            if (engineered)
            {
                (indices, values) = CharNgramMember.AppendEngineered(indices, values, vectors[i], featuriser.Dimensions);
            }

            rows.Add(new TrainingRow { Label = train[i].Label, Weight = Labels.IsHarmful(train[i].Label) ? _options.HarmfulWeight : 1f, Features = new VBuffer<float>(dimensions, indices.Length, values, indices) });
        }

        var data = new CharMemberData(featuriser, rows, 1.0, engineered);
        var folds = StratifiedFolds(train, 3, _options.Seed + 1);
        var scores = new double[train.Count][];
        var truth = train.Select(e => IndexOf(labels, e.Label)).ToArray();
        for (var f = 0; f < 3; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new TrainingProgress("character member", f + 1, 4));
            var raw = FitCharMember(Enumerable.Range(0, train.Count).Where(i => folds[i] != f).Select(i => rows[i]).ToList(), labels, dimensions);
            for (var i = 0; i < train.Count; i++)
            {
                if (folds[i] == f)
                {
                    var v = rows[i].Features;
                    scores[i] = new double[labels.Count];
                    raw.Score(v.GetIndices().ToArray(), v.GetValues().ToArray(), scores[i]);
                }
            }
        }

        return data with { Temperature = FitTemperature(scores, truth) };
    }

    /// <summary>The temperature T minimising the mean log-loss of softmax(T × score): golden-section search over ln T in [ln 0.01, ln 100].</summary>
    internal static double FitTemperature(IReadOnlyList<double[]> scores, IReadOnlyList<int> truth)
    {
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            var sum = 0.0;
            var p = new double[scores[0].Length];
            for (var i = 0; i < scores.Count; i++)
            {
                for (var c = 0; c < p.Length; c++)
                {
                    p[c] = t * scores[i][c];
                }

                LinearModel.Softmax(p);
                sum -= Math.Log(Math.Max(p[truth[i]], 1e-12));
            }

            return sum / scores.Count;
        }

        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = Math.Log(0.01), b = Math.Log(100);
        var x1 = b - (ratio * (b - a));
        var x2 = a + (ratio * (b - a));
        double f1 = Loss(x1), f2 = Loss(x2);
        for (var k = 0; k < 60; k++)
        {
            if (f1 <= f2)
            {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - (ratio * (b - a));
                f1 = Loss(x1);
            }
            else
            {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + (ratio * (b - a));
                f2 = Loss(x2);
            }
        }

        return Math.Round(Math.Exp((a + b) / 2), 4);
    }

    /// <summary>The character member's learner on TF-IDF rows: raw scores per label (no temperature yet).</summary>
    private LinearModel FitCharMember(IReadOnlyList<TrainingRow> rows, IReadOnlyList<string> labels, int dimensions)
    {
        var (ml, data, keyed) = Load(rows, labels, dimensions);
        var l2 = _options.CharMemberL2Regularization;
        LinearMulticlassModelParametersBase parameters = _options.CharMemberLearner == ClassifierTrainingOptions.MaxEntLearner
            ? keyed.Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(MaxEntOptions(0, l2))).Fit(data).LastTransformer.Model
            : keyed.Append(ml.MulticlassClassification.Trainers.SdcaNonCalibrated(new SdcaNonCalibratedMulticlassTrainer.Options
            {
                LabelColumnName = nameof(TrainingRow.Label),
                FeatureColumnName = nameof(TrainingRow.Features),
                ExampleWeightColumnName = nameof(TrainingRow.Weight),
                Loss = new HingeLoss(),
                L2Regularization = l2,
                L1Regularization = 0,
                // One thread and the context's seed: the same data gives the same weights.
                NumberOfThreads = 1,
                Shuffle = true,
            })).Fit(data).LastTransformer.Model;
        return ModelFiles.ToLinearModel(parameters, labels);
    }

    /// <summary>The character member's featuriser, every training example's row and the fitted temperature.</summary>
    private sealed record CharMemberData(CharNgramTfIdf Featuriser, IReadOnlyList<TrainingRow> Rows, double Temperature, bool Engineered)
    {
        /// <summary>The member trained on the examples <paramref name="indices"/>.</summary>
        public CharNgramMember Fit(ModelTrainer trainer, IReadOnlyList<int> indices, IReadOnlyList<string> labels) =>
            new(Featuriser, trainer.FitCharMember(indices.Select(i => Rows[i]).ToList(), labels, Featuriser.Dimensions + (Engineered ? EngineeredFeatures.Count : 0)), Temperature, Engineered);
    }

    /// <summary>Saves the ML.NET model and then the manifest (the manifest last, so a half-written pair is never mistaken for a model).</summary>
    public static void Save(TrainingOutcome outcome, string modelPath, string manifestPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        var ml = new MLContext(seed: outcome.Manifest.Trainer.Seed);
        var tmp = modelPath + ".tmp";
        ml.Model.Save(outcome.Transformer, outcome.Schema, tmp);
        outcome.Model.Member?.WriteInto(tmp);
        File.Move(tmp, modelPath, overwrite: true);
        ModelFiles.WriteManifest(manifestPath, outcome.Manifest);
    }
}
