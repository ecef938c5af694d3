using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Core.Calendar;

public static class ExamCalendarServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Calendar</c> to <see cref="ExamCalendarOptions"/>, validated at start-up, and registers the
    /// <see cref="ExamSchedule"/> built from it and the <see cref="ExamCalendar"/> that names the stage of a moment. Both the classifier and alerting call it (idempotent).
    /// </summary>
    public static IServiceCollection AddExamCalendar(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ExamSchedule)))
        {
            return services;
        }

        services.AddOptions<ExamCalendarOptions>().BindConfiguration(ExamCalendarOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExamCalendarOptions>, ExamCalendarOptionsValidator>());
        services.TryAddSingleton(sp => new ExamSchedule(sp.GetRequiredService<IOptions<ExamCalendarOptions>>().Value));
        services.TryAddSingleton<ExamCalendar>();
        return services;
    }
}
