using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Storage.Evidence;

public static class EvidenceStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite evidence and takedown stores (and the shared <see cref="SqliteDatabase"/> if nothing
    /// registered it yet, at <c>Storage:Database</c> under <c>Paths:Data</c>). TryAdd, so tests can override.
    /// </summary>
    public static IServiceCollection AddEvidenceStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
        services.TryAddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var paths = sp.GetRequiredService<IOptions<PathsOptions>>().Value;
            var file = Path.IsPathRooted(storage.Database) ? storage.Database : paths.DataPath(storage.Database);
            return new SqliteDatabase(file, storage.BusyTimeout);
        });
        services.TryAddSingleton<IEvidenceStore, SqliteEvidenceStore>();
        services.TryAddSingleton<ITakedownStore, SqliteTakedownStore>();
        return services;
    }
}
