using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Storage.Alerting;

public static class AlertingStorageServiceCollectionExtensions
{
    /// <summary>Registers the SQLite incident, incident-action and alert stores and the ack-link ledger (needs the <see cref="SqliteDatabase"/> that AddStorage registers).</summary>
    public static IServiceCollection AddAlertingStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IIncidentStore, SqliteIncidentStore>();
        services.TryAddSingleton<IAlertStore, SqliteAlertStore>();
        services.TryAddSingleton<IIncidentActionStore, SqliteIncidentActionStore>();
        services.TryAddSingleton<IAckLinkLedger, SqliteAckLinkLedger>();
        return services;
    }
}
