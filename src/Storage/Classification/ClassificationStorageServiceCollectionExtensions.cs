using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Storage.Classification;

public static class ClassificationStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite classification, checkpoint and feedback stores (TryAdd). Needs the <see cref="SqliteDatabase"/>
    /// that <c>AddStorage</c> registers.
    /// </summary>
    public static IServiceCollection AddClassificationStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClassificationStore, SqliteClassificationStore>();
        services.TryAddSingleton<ICheckpointStore, SqliteCheckpointStore>();
        services.TryAddSingleton<IClassificationFeedbackStore, SqliteClassificationFeedbackStore>();
        return services;
    }
}
