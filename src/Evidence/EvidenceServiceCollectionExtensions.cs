using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Net;
using SentimentWatch.Core.Pages;

namespace SentimentWatch.Evidence;

public static class EvidenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers evidence freezing (<see cref="IEvidenceFreezer"/>), packet verification and export, takedown tracking
    /// and options section <c>Evidence</c> (validated at start-up). Stores (<see cref="IEvidenceStore"/>,
    /// <see cref="ITakedownStore"/>, <c>IPostStore</c>, <c>IPostImageStore</c>) come from the storage stage and
    /// are taken in constructors: a composition without them fails when the container is built, naming the store.
    /// TryAdd, so tests and alerting can override.
    /// </summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EvidenceOptions>, EvidenceOptionsValidator>());
        services.AddPathsOptions();
        // The crawler's HTML limits (Crawler:Parsing:MaxDepth, MaxParseTime) hold for evidence's page text too.
        services.AddOptions<HtmlParseLimits>().BindConfiguration(HtmlParseLimits.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HtmlParseLimits>, HtmlParseLimitsValidator>());
        services.AddSecretRedaction();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOutboundPolicy();
        services.TryAddSingleton<AnonymousFetcher>();
        services.TryAddSingleton<IScreenshotter, PlaywrightScreenshotter>();
        services.TryAddSingleton<SignerCertificates>();
        services.TryAddSingleton<TsaClient>();
        services.TryAddSingleton<PacketSealer>();
        services.TryAddSingleton<EvidenceFreezer>();
        services.TryAddSingleton<IEvidenceFreezer>(sp => sp.GetRequiredService<EvidenceFreezer>());
        services.TryAddSingleton<IEvidencePacketVerifier, PacketVerifier>();
        services.TryAddSingleton<IEvidenceExporter, EvidenceExporter>();
        services.TryAddSingleton<IEvidenceCustody, EvidenceCustody>();
        services.TryAddSingleton<IEvidenceEventSink, LoggingEvidenceEventSink>();
        services.TryAddSingleton<ITakedownTracker, TakedownTracker>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TakedownMonitor>());
        return services;
    }
}
