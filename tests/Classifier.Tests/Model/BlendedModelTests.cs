using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Model;

namespace SentimentWatch.Classifier.Tests.Model;

/// <summary>How the character member is blended with the main model, on two-label models small enough to work by hand.</summary>
public sealed class BlendedModelTests
{
    private const int Leak = 0;
    private const int Normal = 1;

    // Main model: slot 0 is a text n-gram of question content (leans leak, +0.3), slot 1 the timing slot "question content
    // after the sitting ended" (+4 for normal) — the shape of the shipped model's weights on a paper question.
    private static readonly LinearModel Main = new(["leak", "normal"], [[0.3f, 0f], [0f, 4f]], [0f, 0f]);

    private static readonly FeatureVector Timed = new(
        [0, 1], [1f, 1f], [new FeatureOrigin(FeatureFamily.Chars, 0, 1), new FeatureOrigin(FeatureFamily.Engineered, EngineeredFeatures.QuestionContentAfter, 0)], "题", []);

    private static readonly FeatureVector Untimed = new([0], [1f], [new FeatureOrigin(FeatureFamily.Chars, 0, 1)], "题", []);

    /// <summary>A member that reads 题 as a leak with near certainty (raw margin 1 at temperature 10), as the trained member does a paper question.</summary>
    private static CharNgramMember SureOfLeak()
    {
        var idf = new float[1 << 10];
        Array.Fill(idf, 1f);
        var featuriser = new CharNgramTfIdf(1, idf);
        var (indices, _) = featuriser.Vectorise("题");
        var weights = new[] { new float[1 << 10], new float[1 << 10] };
        weights[Leak][indices[0]] = 1f;
        return new CharNgramMember(featuriser, new LinearModel(["leak", "normal"], weights, [0f, 0f]), 10);
    }

    private static double[] MemberAlone()
    {
        var q = new double[2];
        SureOfLeak().Predict("题", q);
        return q;
    }

    private static double[] Predict(BlendedModel model, FeatureVector v)
    {
        var p = new double[2];
        model.Predict(v, p);
        return p;
    }

    [Fact]
    public void Predict_TextBlendQuestionAfterSitting_TimingStillDecidesNormal()
    {
        var alone = Predict(new BlendedModel(Main), Timed);
        var member = MemberAlone();

        var p = Predict(new BlendedModel(Main, SureOfLeak(), 0.5, CharMemberBlend.Text), Timed);

        Assert.True(alone[Normal] > 0.97);
        Assert.True(member[Leak] > 0.99);
        // Text mix: p_text = softmax(0.3, 0), mixed half and half with the member; then +4 for normal on the log scale.
        var textLeak = 1 / (1 + Math.Exp(-0.3));
        var mixLeak = (0.5 * textLeak) + (0.5 * member[Leak]);
        var mixNormal = (0.5 * (1 - textLeak)) + (0.5 * member[Normal]);
        Assert.Equal(mixNormal * Math.Exp(4) / ((mixNormal * Math.Exp(4)) + mixLeak), p[Normal], 6); // 0.3f is a float
        Assert.True(p[Normal] > 0.9);
    }

    [Fact]
    public void Predict_ProbabilitiesBlendQuestionAfterSitting_MemberOutvotesTheTiming()
    {
        // The first candidate's blend, kept for manifests that name it: the fault the text blend removes.
        var p = Predict(new BlendedModel(Main, SureOfLeak(), 0.5, CharMemberBlend.Probabilities), Timed);

        Assert.True(p[Leak] > p[Normal]);
    }

    [Fact]
    public void Predict_NoTimingSlot_BothBlendsArePlainAverages()
    {
        var main = Predict(new BlendedModel(Main), Untimed);
        var member = MemberAlone();

        var text = Predict(new BlendedModel(Main, SureOfLeak(), 0.3, CharMemberBlend.Text), Untimed);
        var probabilities = Predict(new BlendedModel(Main, SureOfLeak(), 0.3, CharMemberBlend.Probabilities), Untimed);

        for (var c = 0; c < 2; c++)
        {
            Assert.Equal((0.7 * main[c]) + (0.3 * member[c]), text[c], 12);
            Assert.Equal(text[c], probabilities[c], 12);
        }
    }

    [Fact]
    public void Predict_TextBlendWithoutMember_IsTheMainModel()
    {
        var p = Predict(new BlendedModel(Main, SureOfLeak(), 0, CharMemberBlend.Text), Timed);

        Assert.Equal(Predict(new BlendedModel(Main), Timed), p);
    }
}
