using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Storage.Evidence;

public static class EvidenceStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite evidence and takedown stores on the shared <see cref="SqliteDatabase"/>. Called by
    /// <see cref="StorageServiceCollectionExtensions.AddStorage"/>, which registers the database. TryAdd, so tests can override.
    /// </summary>
    public static IServiceCollection AddEvidenceStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<IEvidenceStore, SqliteEvidenceStore>();
        services.TryAddSingleton<ITakedownStore, SqliteTakedownStore>();
        return services;
    }
}
