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
        if (options.MaxAnalysedChars is < 100 or > 1_000_000)
        {
            e.Add($"{S}:MaxAnalysedChars", options.MaxAnalysedChars, "must be between 100 and 1000000");
        }

        if (options.MaxReasons is < 1 or > 50)
        {
            e.Add($"{S}:MaxReasons", options.MaxReasons, "must be between 1 and 50");
        }

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

        if (!(t.HardNegativeBudget is >= 0 and <= 1))
        {
            e.Add($"{S}:Training:HardNegativeBudget", t.HardNegativeBudget, "must be between 0 and 1");
        }

        if (t.HashBits is < 10 or > 22)
        {
            e.Add($"{S}:Training:HashBits", t.HashBits, "must be between 10 and 22");
        }

        if (t.CharNgramMax is < 1 or > 5)
        {
            e.Add($"{S}:Training:CharNgramMax", t.CharNgramMax, "must be between 1 and 5");
        }

        if (!(t.MinLeakOrAnswerSellingRecall is >= 0 and <= 1))
        {
            e.Add($"{S}:Training:MinLeakOrAnswerSellingRecall", t.MinLeakOrAnswerSellingRecall, "must be between 0 and 1");
        }

        if (!(t.EngineeredFeatureValue is > 0f and <= 10f))
        {
            e.Add($"{S}:Training:EngineeredFeatureValue", t.EngineeredFeatureValue, "must be more than 0 and at most 10");
        }

        if (!(t.HarmfulWeight is >= 0.1f and <= 10f))
        {
            e.Add($"{S}:Training:HarmfulWeight", t.HarmfulWeight, "must be between 0.1 and 10");
        }

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

        if (t.MaximumIterations is < 10 or > 100_000)
        {
            e.Add($"{S}:Training:MaximumIterations", t.MaximumIterations, "must be between 10 and 100000");
        }

        var wk = options.Worker;
        if (wk.BatchSize is < 1 or > 10_000)
        {
            e.Add($"{S}:Worker:BatchSize", wk.BatchSize, "must be between 1 and 10000");
        }

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
