using SentimentWatch.Classifier.Features;
using SentimentWatch.Classifier.Pipeline;

namespace SentimentWatch.Classifier.Tests.Pipeline;

public sealed class ClassifierOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new ClassifierOptionsValidator().Validate(null, new ClassifierOptions()).Succeeded);
    }

    [Fact]
    public void Validate_ManyBadKeys_ReportsEveryKeyWithItsValue()
    {
        var options = new ClassifierOptions
        {
            ModelFile = "",
            ContactCharsFile = " ",
            MaxAnalysedChars = 5,
            MaxReasons = 0,
            ExamLead = TimeSpan.FromDays(-1),
            Training = { Folds = 1, HashBits = 40, L2Regularization = -1 },
            Worker = { BatchSize = 0, PollInterval = TimeSpan.Zero },
        };

        var result = new ClassifierOptionsValidator().Validate(null, options);

        var failures = result.Failures!.ToList();
        Assert.Contains("Classifier:ModelFile '' must name a file", failures);
        Assert.Contains("Classifier:ContactCharsFile ' ' must name a file", failures);
        Assert.Contains("Classifier:MaxAnalysedChars '5' must be between 100 and 1000000", failures);
        Assert.Contains("Classifier:MaxReasons '0' must be between 1 and 50", failures);
        Assert.Contains(failures, f => f.StartsWith("Classifier:ExamLead", StringComparison.Ordinal));
        Assert.Contains("Classifier:Training:Folds '1' must be 0 (no cross-validation: screening only) or between 2 and 20", failures);
        Assert.Contains("Classifier:Training:HashBits '40' must be between 10 and 22", failures);
        Assert.Contains("Classifier:Training:L2Regularization '-1' must be 0 or more", failures);
        Assert.Contains("Classifier:Worker:BatchSize '0' must be between 1 and 10000", failures);
        Assert.Contains(failures, f => f.StartsWith("Classifier:Worker:PollInterval '00:00:00'", StringComparison.Ordinal));
        Assert.Equal(10, failures.Count);
    }

    [Fact]
    public void Validate_BadTrainingDecisionKeys_ReportsEachWithItsValue()
    {
        var options = new ClassifierOptions
        {
            Training = { EngineeredFeatureValue = 0, TimingFeatureValue = float.NaN, MinLeakOrAnswerSellingRecall = 1.5, ReviewFile = " ", HarmfulWeight = 0 },
        };

        var failures = new ClassifierOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Classifier:Training:EngineeredFeatureValue '0' must be more than 0 and at most 10", failures);
        Assert.Contains("Classifier:Training:TimingFeatureValue 'NaN' must be more than 0 and at most 10", failures);
        Assert.Contains("Classifier:Training:MinLeakOrAnswerSellingRecall '1.5' must be between 0 and 1", failures);
        Assert.Contains("Classifier:Training:ReviewFile ' ' must name a file", failures);
        Assert.Contains("Classifier:Training:HarmfulWeight '0' must be between 0.1 and 10", failures);
        Assert.Equal(5, failures.Count);
    }

    [Fact]
    public void Validate_BadCharMemberKeys_ReportsEachWithItsValue()
    {
        var options = new ClassifierOptions
        {
            Training = { CharMemberWeight = 1.5, CharMemberLearner = "svm", CharMemberL2Regularization = 0, CharMemberBlend = "geometric" },
        };

        var failures = new ClassifierOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Classifier:Training:CharMemberWeight '1.5' must be between 0 (no character member) and 1", failures);
        Assert.Contains("Classifier:Training:CharMemberLearner 'svm' must be hinge or maxent", failures);
        Assert.Contains("Classifier:Training:CharMemberL2Regularization '0' must be more than 0 and at most 1", failures);
        Assert.Contains("Classifier:Training:CharMemberBlend 'geometric' must be text or probabilities", failures);
        Assert.Equal(4, failures.Count);
    }

    [Fact]
    public void Validate_CharMemberWithLabelOffsets_Refused()
    {
        var options = new ClassifierOptions { Training = { CharMemberWeight = 0.5, CalibrateLabelOffsets = true } };

        var failures = new ClassifierOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Classifier:Training:CalibrateLabelOffsets 'True' cannot be combined with a character member", StringComparison.Ordinal));
        Assert.Single(failures);
    }
}
