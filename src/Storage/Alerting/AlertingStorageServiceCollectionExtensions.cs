using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Storage.Alerting;

public static class AlertingStorageServiceCollectionExtensions
{
    /// <summary>Registers the SQLite incident and alert stores (needs the <see cref="SqliteDatabase"/> that AddStorage registers).</summary>
    public static IServiceCollection AddAlertingStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IIncidentStore, SqliteIncidentStore>();
        services.TryAddSingleton<IAlertStore, SqliteAlertStore>();
        return services;
    }
}
