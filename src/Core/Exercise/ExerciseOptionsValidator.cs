using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Exercise;

/// <summary>
/// The drill marker and name go into mail subjects, webhook titles and page headings: one line each, short, and a name
/// only with a marker (a name alone would mark nothing).
/// </summary>
internal sealed class ExerciseOptionsValidator : IValidateOptions<ExerciseOptions>
{
    public ValidateOptionsResult Validate(string? name, ExerciseOptions options)
    {
        const string S = ExerciseOptions.Section;
        var e = new ConfigErrors();
        Line(nameof(ExerciseOptions.Marker), options.Marker, 20);
        Line(nameof(ExerciseOptions.Name), options.Name, 200);
        if (!options.Active && !string.IsNullOrEmpty(options.Name))
        {
            e.Add($"{S}:Name", options.Name, $"is set but {S}:Marker is empty: nothing would mark the drill");
        }

        return e.ToResult();

        void Line(string key, string? value, int max)
        {
            if (value is null)
            {
                e.Add($"{S}:{key}", "must not be null");
            }
            else if (value.Any(char.IsControl))
            {
                e.Add($"{S}:{key}", value, "must be one line without control characters (it is put into mail subjects)");
            }
            else if (value.Length > max)
            {
                e.Add($"{S}:{key}", value, $"is longer than {max} characters");
            }
        }
    }
}

public static class ExerciseServiceCollectionExtensions
{
    /// <summary>Binds <see cref="ExerciseOptions"/> (section <c>Exercise</c>) validated at start-up; every stage that marks drills calls it, the first registers.</summary>
    public static IServiceCollection AddExerciseOptions(this IServiceCollection services) =>
        services.AddValidatedOptions<ExerciseOptions, ExerciseOptionsValidator>(ExerciseOptions.Section);
}
