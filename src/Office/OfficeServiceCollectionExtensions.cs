using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Exercise;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.Office;

public static class OfficeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the office stage: <see cref="ReportOptions"/> (<c>Office:Reports</c>, validated at start-up), the
    /// dossier reader, the reference resolver and <see cref="ReportService"/>. Needs the stores AddStorage registers.
    /// </summary>
    public static IServiceCollection AddOffice(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>());
        services.AddExerciseOptions();
        services.AddExamCalendar();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Exercise.DrillMarker>();
        services.TryAddSingleton<DossierReader>();
        services.TryAddSingleton<ExamStages>();
        services.TryAddSingleton<ReferenceResolver>();
        services.TryAddSingleton<ReportService>();
        services.TryAddSingleton<Core.Pipeline.PipelineSignals>();
        services.TryAddSingleton<AutoReporter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, AutoReportWorker>());
        return services;
    }
}
