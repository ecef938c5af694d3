using System.IO.Compression;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Model;
using SentimentWatch.Classifier.Training;

namespace SentimentWatch.Classifier.Tests.Model;

/// <summary>The character member: trained next to the main model, blended, stored in the model zip and read back.</summary>
public sealed class CharNgramMemberTests
{
    private static readonly Lazy<(TrainingOutcome Outcome, string Zip, string Json)> Trained = new(() => Train(0.5));

    private static readonly Lazy<(TrainingOutcome Outcome, string Zip, string Json)> TrainedAlone = new(() => Train(0));

    private static readonly Lazy<(TrainingOutcome Outcome, string Zip, string Json)> TrainedEngineered = new(() => Train(0.5, engineered: true));

    private static (TrainingOutcome Outcome, string Zip, string Json) Train(double memberWeight, bool engineered = false)
    {
        var examples = Some.DevCorpus();
        var options = Some.SmallTraining();
        options.Folds = 0;
        options.CharMemberWeight = memberWeight;
        options.CharMemberL2Regularization = 0.001f;
        options.CharMemberEngineered = engineered;
        var trainer = new ModelTrainer(Some.Extractor(), options, new FakeTimeProvider(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero)));
        var outcome = trainer.Train(examples, null, Some.Data(examples.Count), "0", null, CancellationToken.None);
        var dir = Directory.CreateTempSubdirectory("sw-charmember-").FullName;
        var zip = Path.Combine(dir, "classifier.zip");
        var json = Path.Combine(dir, "classifier.json");
        ModelTrainer.Save(outcome, zip, json);
        return (outcome, zip, json);
    }

    private static readonly string[] Posts = ["出售法考真题答.案 加V信 abc_2026", "法考报名时间什么时候公布", "考场空调太冷了，监考也不管"];

    [Fact]
    public void Train_WithMemberWeight_ManifestDescribesMemberAndMainWeightsAreUnchanged()
    {
        var (outcome, _, _) = Trained.Value;

        var settings = Assert.IsType<CharMemberSettings>(outcome.Manifest.CharMember);
        Assert.Equal("SdcaHinge", settings.Learner);
        Assert.Equal(0.5, settings.Weight);
        Assert.Equal(3, settings.CharNgramMax);
        Assert.Equal(14, settings.HashBits);
        Assert.True(settings.Temperature > 0);
        // The main model is the one a training without the member fits (the final fit does not depend on the folds);
        // the version hash covers the member too.
        var alone = TrainedAlone.Value.Outcome;
        Assert.Null(alone.Manifest.CharMember);
        Assert.Null(alone.Model.Member);
        Assert.Equal(alone.Manifest.WeightsSha256, ModelFiles.WeightsSha256(outcome.Model.Main));
        Assert.NotEqual(alone.Manifest.WeightsSha256, outcome.Manifest.WeightsSha256);
    }

    [Fact]
    public void Predict_WithMember_IsTheWeightedMeanOfBothModels()
    {
        var (outcome, _, _) = Trained.Value;
        var model = outcome.Model;
        var member = Assert.IsType<CharNgramMember>(model.Member);
        var extractor = Some.Extractor();
        foreach (var post in Posts)
        {
            var v = extractor.Analyse(post, null).Features;
            var blended = new double[model.Labels.Count];
            var main = new double[model.Labels.Count];
            var chars = new double[model.Labels.Count];
            model.Predict(v, blended);
            model.Main.Predict(v.Indices, v.Values, main);
            member.Predict(v.Text, chars);

            for (var c = 0; c < blended.Length; c++)
            {
                Assert.Equal((0.5 * main[c]) + (0.5 * chars[c]), blended[c], 12);
            }

            Assert.Equal(1.0, chars.Sum(), 9);
            Assert.NotEqual(main, chars);
        }
    }

    private static void AssertScoresAlike(BlendedModel expectedModel, BlendedModel actualModel)
    {
        var extractor = Some.Extractor();
        foreach (var post in Posts)
        {
            var v = extractor.Analyse(post, null).Features;
            var expected = new double[7];
            var actual = new double[7];
            expectedModel.Predict(v, expected);
            actualModel.Predict(v, actual);
            for (var c = 0; c < 7; c++)
            {
                Assert.Equal(expected[c], actual[c], 6);
            }
        }
    }

    [Fact]
    public void LoadBlended_SavedZip_ScoresLikeTheTrainedModel()
    {
        var (outcome, zip, json) = Trained.Value;

        var manifest = ModelFiles.ReadManifest(json);
        var loaded = ModelFiles.LoadBlended(zip, manifest);

        Assert.Equal(outcome.Manifest.CharMember, manifest.CharMember);
        Assert.NotNull(loaded.Member);
        AssertScoresAlike(outcome.Model, loaded);
    }

    [Fact]
    public void LoadBlended_MemberWithEngineeredSlots_WeighsTimingAndScoresLikeTheTrainedModel()
    {
        var (outcome, zip, json) = TrainedEngineered.Value;

        var manifest = ModelFiles.ReadManifest(json);
        var loaded = ModelFiles.LoadBlended(zip, manifest);

        Assert.True(manifest.CharMember!.Engineered);
        var member = Assert.IsType<CharNgramMember>(loaded.Member);
        Assert.True(member.Engineered);
        Assert.Equal(member.Featuriser.Dimensions + EngineeredFeatures.Count, member.Scores.Dimensions);
        // The member learned weights on its engineered slots (the dev corpus has contacts and prices in every seller's ad).
        Assert.Contains(member.Scores.Weights, row => row.Skip(member.Featuriser.Dimensions).Any(w => w != 0));
        AssertScoresAlike(outcome.Model, loaded);

        // A manifest that says the member reads characters only does not match this zip.
        var wrong = manifest with { CharMember = manifest.CharMember with { Engineered = false } };
        Assert.Throws<ModelUnavailableException>(() => ModelFiles.LoadBlended(zip, wrong));
    }

    [Fact]
    public void LoadBlended_ManifestNamesMemberTheZipLacks_RefusedWithFileName()
    {
        var (outcome, zip, _) = TrainedAlone.Value;
        var manifest = outcome.Manifest with { CharMember = new CharMemberSettings("SdcaHinge", 3, 14, 0.001f, 5, 0.5) };

        var ex = Assert.Throws<ModelUnavailableException>(() => ModelFiles.LoadBlended(zip, manifest));

        Assert.Contains(zip, ex.Message, StringComparison.Ordinal);
        Assert.Contains("character member", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadBlended_ManifestNamesUnknownBlend_RefusedWithFileNameAndValue()
    {
        var (outcome, zip, _) = Trained.Value;
        var manifest = outcome.Manifest with { CharMember = outcome.Manifest.CharMember! with { Blend = "geometric" } };

        var ex = Assert.Throws<ModelUnavailableException>(() => ModelFiles.LoadBlended(zip, manifest));

        Assert.Contains(zip, ex.Message, StringComparison.Ordinal);
        Assert.Contains("char_member.blend 'geometric'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadManifest_MemberWithoutBlendKey_ReadAsProbabilitiesBlendAsMeasured()
    {
        var (_, zip, json) = Trained.Value;
        var old = Path.Combine(Directory.CreateTempSubdirectory("sw-charmember-old-").FullName, "classifier.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal("text", node["char_member"]!["blend"]!.GetValue<string>());
        node["char_member"]!.AsObject().Remove("blend");
        File.WriteAllText(old, node.ToJsonString());

        var manifest = ModelFiles.ReadManifest(old);

        Assert.Equal(CharMemberBlend.Probabilities, manifest.CharMember!.BlendMode);
        Assert.Equal(CharMemberBlend.Probabilities, ModelFiles.LoadBlended(zip, manifest).Blend);
    }

    [Fact]
    public void LoadBlended_MemberEntryCorrupt_RefusedWithFileName()
    {
        var (_, zip, json) = Trained.Value;
        var copy = Path.Combine(Directory.CreateTempSubdirectory("sw-charmember-bad-").FullName, "classifier.zip");
        File.Copy(zip, copy);
        using (var archive = ZipFile.Open(copy, ZipArchiveMode.Update))
        {
            archive.GetEntry(CharNgramMember.EntryName)!.Delete();
            using var w = archive.CreateEntry(CharNgramMember.EntryName).Open();
            w.Write([1, 2, 3, 4, 5, 6, 7, 8]);
        }

        var ex = Assert.Throws<ModelUnavailableException>(() => ModelFiles.LoadBlended(copy, ModelFiles.ReadManifest(json)));

        Assert.Contains(copy, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadBlended_ManifestWithoutMember_ScoresWithTheMainModelAlone()
    {
        var (_, zip, json) = Trained.Value;
        var manifest = ModelFiles.ReadManifest(json) with { CharMember = null };

        var loaded = ModelFiles.LoadBlended(zip, manifest);

        Assert.Null(loaded.Member);
        Assert.Equal(0, loaded.MemberWeight);
    }

    [Fact]
    public void Constructor_TemperatureNotPositive_Refused()
    {
        var idf = new float[1 << 10];
        var scores = new LinearModel(["a", "b"], [new float[1 << 10], new float[1 << 10]], [0f, 0f]);

        Assert.Throws<InvalidDataException>(() => new CharNgramMember(new CharNgramTfIdf(3, idf), scores, 0));
        Assert.Throws<InvalidDataException>(() => new CharNgramMember(new CharNgramTfIdf(3, new float[1 << 11]), scores, 1));
    }

    [Fact]
    public void Predict_Temperature_SharpensTheSoftmaxOfTheRawScores()
    {
        var idf = new float[1 << 10];
        Array.Fill(idf, 1f);
        var featuriser = new CharNgramTfIdf(1, idf);
        var (indices, _) = featuriser.Vectorise("答");
        var weights = new[] { new float[1 << 10], new float[1 << 10] };
        weights[0][indices[0]] = 1f;
        var scores = new LinearModel(["a", "b"], weights, [0f, 0f]);
        var p = new double[2];

        new CharNgramMember(featuriser, scores, 3).Predict("答", p);

        // Raw scores 1 and 0, temperature 3: softmax(3, 0).
        Assert.Equal(1 / (1 + Math.Exp(-3)), p[0], 9);
    }

    [Fact]
    public void FitTemperature_ScoresOverconfidentByTwo_FindsAboutTwo()
    {
        // Raw margin 1 for label 0 on every example; 88 of 100 are label 0: softmax(T·(1, 0)) fits at T = logit(0.88) ≈ 1.99.
        var scores = Enumerable.Range(0, 100).Select(_ => new[] { 1.0, 0.0 }).ToList();
        var truth = Enumerable.Range(0, 100).Select(i => i < 88 ? 0 : 1).ToList();

        var t = ModelTrainer.FitTemperature(scores, truth);

        Assert.Equal(Math.Log(0.88 / 0.12), t, 2);
    }
}
