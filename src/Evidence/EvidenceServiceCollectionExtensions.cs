using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SentimentWatch.Evidence;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Net;

namespace SentimentWatch.Evidence;

public static class EvidenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers evidence freezing (<see cref="IEvidenceFreezer"/>), packet verification and export, takedown tracking
    /// and options section <c>Evidence</c> (validated at start-up). Stores (<see cref="IEvidenceStore"/>,
    /// <see cref="ITakedownStore"/>) come from the storage stage. TryAdd, so tests and alerting can override.
    /// </summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EvidenceOptions>, EvidenceOptionsValidator>());
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
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
