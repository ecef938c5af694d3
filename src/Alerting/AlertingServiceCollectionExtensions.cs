using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Calendar;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Escalation;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Routing;

namespace SentimentWatch.Alerting;

public static class AlertingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Alerting stage: options (the whole <c>Alerting</c> section validated at start-up), exam calendar,
    /// gazetteer and grader (TryAdd, so tests can override).
    /// </summary>
    public static IServiceCollection AddAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertingOptions>().BindConfiguration(AlertingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertingOptions>, AlertingOptionsValidator>());

        // Each part is also bound on its own so services depend only on the concern they use; validation of the
        // whole section above covers them at start-up.
        services.AddOptions<ExamCalendarOptions>().BindConfiguration(ExamCalendarOptions.Section);
        services.AddOptions<GazetteerOptions>().BindConfiguration(GazetteerOptions.Section);
        services.AddOptions<GradingOptions>().BindConfiguration(GradingOptions.Section);
        services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section);
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section);
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        services.AddOptions<AckOptions>().BindConfiguration(AckOptions.Section);
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExamCalendar>();
        services.TryAddSingleton<Gazetteer>();
        services.TryAddSingleton<Grader>();
        return services;
    }
}
