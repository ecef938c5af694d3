using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Exercise;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Escalation;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Pipeline;

using SentimentWatch.Core.Net;

namespace SentimentWatch.Alerting;

public static class AlertingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Alerting stage (TryAdd, so tests can override): options (the whole <c>Alerting</c> section validated
    /// at start-up), calendar, gazetteer, grader, router, senders, outbox dispatcher, the pipeline, and the hosted loops
    /// (alerting pass, delivery, acknowledgement endpoint). Needs the stores from Storage's AddStorage.
    /// </summary>
    public static IServiceCollection AddAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertingOptions>().BindConfiguration(AlertingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertingOptions>>(new AlertingOptionsValidator(configuration)));

        // Each part is also bound on its own so services depend only on the concern they use, with its own validator;
        // the section's validator above runs them all at start-up, with the references between parts.
        services.AddOptions<GazetteerOptions>().BindConfiguration(GazetteerOptions.Section);
        services.AddOptions<GradingOptions>().BindConfiguration(GradingOptions.Section);
        services.AddExerciseOptions();
        services.AddOptions<IncidentOptions>().BindConfiguration(IncidentOptions.Section);
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section);
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section);
        services.AddOptions<AckOptions>().BindConfiguration(AckOptions.Section);
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GazetteerOptions>, GazetteerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GradingOptions>, GradingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IncidentOptions>, IncidentOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AckOptions>, AckOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PipelineSignals>();
        // The calendar is shared with the classifier (Core): sittings with their sessions, and the other stages.
        services.AddExamCalendar();
        services.TryAddSingleton<Gazetteer>();
        services.TryAddSingleton<Grader>();
        services.TryAddSingleton<Router>();
        services.TryAddSingleton<AckLinks>();
        services.TryAddSingleton<DailyDigest>();
        services.TryAddSingleton<IncidentFeedback>();
        services.AddOutboundPolicy();
        // Webhook URLs meet the outbound policy (global section Outbound) after DNS, on every connection and redirect.
        services.AddHttpClient(WebhookSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp =>
        {
            var rules = sp.GetRequiredService<IOptions<OutboundRules>>().Value;
            return new SocketsHttpHandler { ConnectCallback = sp.GetRequiredService<OutboundGuard>().Callback(_ => rules, "webhook"), UseProxy = false };
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSender, EmailSender>());
        // The evidence channel takes the evidence stage's freezer in its constructor: composed unless switched off.
        if (configuration.GetValue($"{AlertingOptions.Section}:{nameof(AlertingOptions.FreezeEvidence)}", true))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<INotificationSender, EvidenceSender>());
        }
        foreach (var type in new[] { "webhook", "wecom", "dingtalk" })
        {
            services.AddSingleton<INotificationSender>(sp => new WebhookSender(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>(), type));
        }

        services.TryAddSingleton<OutboxDispatcher>();
        // The pass, split along its jobs; each part takes the stores and parts it needs in its constructor.
        services.TryAddSingleton<IncidentAssigner>();
        services.TryAddSingleton<EscalationTimers>();
        services.TryAddSingleton<IncidentAlerter>();
        services.TryAddSingleton<ClassificationFeed>();
        services.TryAddSingleton<DeskAlerts>();
        services.TryAddSingleton<AlertingPipeline>();
        services.TryAddSingleton<AckServer>();
        services.TryAddSingleton<IAlertingAdmin, AlertingAdmin>();
        services.TryAddSingleton<IIncidentPreview, IncidentPreview>();

        // The loops run only inside a started host (sw run / sw demo); one-shot verbs build the host without starting it.
        services.AddHostedService<AlertingWorker>();
        services.AddHostedService<DeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AckServer>());
        return services;
    }
}
