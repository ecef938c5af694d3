using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>Reports every bad <c>Classifier:*</c> key with its value at start-up.</summary>
internal sealed class ClassifierOptionsValidator : IValidateOptions<ClassifierOptions>
{
    public ValidateOptionsResult Validate(string? name, ClassifierOptions options)
    {
        var e = new ConfigErrors();
        const string S = ClassifierOptions.Section;
        RequireFile(e, $"{S}:ModelFile", options.ModelFile);
        RequireFile(e, $"{S}:ManifestFile", options.ManifestFile);
        RequireFile(e, $"{S}:VariantsFile", options.VariantsFile);
        RequireFile(e, $"{S}:OpenCcDirectory", options.OpenCcDirectory);
        RequireFile(e, $"{S}:ContactCharsFile", options.ContactCharsFile);
        e.Between($"{S}:MaxAnalysedChars", options.MaxAnalysedChars, 100, 1_000_000);
        e.Between($"{S}:MaxReasons", options.MaxReasons, 1, 50);

        if (options.ExamLead < TimeSpan.Zero || options.ExamLead > TimeSpan.FromDays(366))
        {
            e.Add($"{S}:ExamLead", options.ExamLead, "must be between 0 and 366 days");
        }

        if (options.ExamTrail < TimeSpan.Zero || options.ExamTrail > TimeSpan.FromDays(366))
        {
            e.Add($"{S}:ExamTrail", options.ExamTrail, "must be between 0 and 366 days");
        }

        var t = options.Training;
        RequireFile(e, $"{S}:Training:TrainFile", t.TrainFile);
        if (t.ReviewFile is not null)
        {
            RequireFile(e, $"{S}:Training:ReviewFile", t.ReviewFile);
        }

        if (t.Folds is 1 or < 0 or > 20)
        {
            e.Add($"{S}:Training:Folds", t.Folds, "must be 0 (no cross-validation: screening only) or between 2 and 20");
        }

        e.Between($"{S}:Training:HardNegativeBudget", t.HardNegativeBudget, 0, 1);
        e.Between($"{S}:Training:HashBits", t.HashBits, 10, 22);
        e.Between($"{S}:Training:CharNgramMax", t.CharNgramMax, 1, 5);
        e.Between($"{S}:Training:MinLeakOrAnswerSellingRecall", t.MinLeakOrAnswerSellingRecall, 0, 1);

        if (!(t.EngineeredFeatureValue is > 0f and <= 10f))
        {
            e.Add($"{S}:Training:EngineeredFeatureValue", t.EngineeredFeatureValue, "must be more than 0 and at most 10");
        }

        e.Between($"{S}:Training:HarmfulWeight", t.HarmfulWeight, 0.1f, 10f);

        if (!(t.CharMemberWeight is >= 0 and <= 1))
        {
            e.Add($"{S}:Training:CharMemberWeight", t.CharMemberWeight, "must be between 0 (no character member) and 1");
        }

        if (t.CharMemberWeight > 0 && t.CalibrateLabelOffsets)
        {
            e.Add($"{S}:Training:CalibrateLabelOffsets", t.CalibrateLabelOffsets, "cannot be combined with a character member (CharMemberWeight above 0): the offsets shift the main model's biases only");
        }

        if (t.CharMemberBlend is not (Model.CharMemberSettings.TextBlend or Model.CharMemberSettings.ProbabilitiesBlend))
        {
            e.Add($"{S}:Training:CharMemberBlend", t.CharMemberBlend, $"must be {Model.CharMemberSettings.TextBlend} or {Model.CharMemberSettings.ProbabilitiesBlend}");
        }

        if (t.CharMemberLearner is not (ClassifierTrainingOptions.HingeLearner or ClassifierTrainingOptions.MaxEntLearner))
        {
            e.Add($"{S}:Training:CharMemberLearner", t.CharMemberLearner, $"must be {ClassifierTrainingOptions.HingeLearner} or {ClassifierTrainingOptions.MaxEntLearner}");
        }

        if (!(t.CharMemberL2Regularization is > 0f and <= 1f))
        {
            e.Add($"{S}:Training:CharMemberL2Regularization", t.CharMemberL2Regularization, "must be more than 0 and at most 1");
        }

        if (!(t.TimingFeatureValue is > 0f and <= 10f))
        {
            e.Add($"{S}:Training:TimingFeatureValue", t.TimingFeatureValue, "must be more than 0 and at most 10");
        }

        if (t.L1Regularization < 0 || float.IsNaN(t.L1Regularization))
        {
            e.Add($"{S}:Training:L1Regularization", t.L1Regularization, "must be 0 or more");
        }

        if (t.L2Regularization < 0 || float.IsNaN(t.L2Regularization))
        {
            e.Add($"{S}:Training:L2Regularization", t.L2Regularization, "must be 0 or more");
        }

        e.Between($"{S}:Training:MaximumIterations", t.MaximumIterations, 10, 100_000);

        var wk = options.Worker;
        e.Between($"{S}:Worker:BatchSize", wk.BatchSize, 1, 10_000);

        if (wk.PollInterval <= TimeSpan.Zero || wk.PollInterval > TimeSpan.FromHours(1))
        {
            e.Add($"{S}:Worker:PollInterval", wk.PollInterval, "must be more than 0 and at most 1 hour");
        }

        if (wk.ErrorBackoff <= TimeSpan.Zero || wk.ErrorBackoff > TimeSpan.FromHours(1))
        {
            e.Add($"{S}:Worker:ErrorBackoff", wk.ErrorBackoff, "must be more than 0 and at most 1 hour");
        }

        return e.ToResult();
    }

    private static void RequireFile(ConfigErrors e, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            e.Add(key, value, "must name a file");
        }
        else if (value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            e.Add(key, value, "is not a valid path");
        }
    }
}
