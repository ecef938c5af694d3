using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Exercise;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.PressLines;

namespace SentimentWatch.Office;

public static class PressLinesServiceCollectionExtensions
{
    /// <summary>
    /// Press lines and their workflow (<c>Office:PressLines</c>, templates checked at start-up), the evaluation
    /// (<c>Office:Evaluation</c>) and the drill marker (<c>Exercise</c>). Needs the stores AddStorage registers.
    /// (Issue 17 parts 2–4; the reports part registers its own services.)
    /// </summary>
    public static IServiceCollection AddPressLinesAndEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PressLineOptions>().BindConfiguration(PressLineOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PressLineOptions>, PressLineOptionsValidator>());
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EvaluationOptions>>(new EvaluationOptionsValidator(configuration)));
        services.AddExerciseOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Exercise.DrillMarker>();
        services.TryAddSingleton<FactReader>();
        services.TryAddSingleton<PressLineDesk>();
        services.TryAddSingleton<EvaluationReader>();
        return services;
    }
}
