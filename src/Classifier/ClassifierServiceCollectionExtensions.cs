using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Core.Segmentation;

namespace SentimentWatch.Classifier;

public static class ClassifierServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Classifier stage's services and options (TryAdd, so tests can override): <see cref="IPostClassifier"/>
    /// (loads <c>Classifier:ModelFile</c> on first use) and <see cref="ISearchTokenizer"/> (the search index's words). The background worker is added separately by
    /// <see cref="AddClassificationWorker"/>, so one-shot verbs (<c>sw classify</c>, <c>sw train</c>) do not start it.
    /// </summary>
    public static IServiceCollection AddClassifier(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ClassifierOptions>().BindConfiguration(ClassifierOptions.Section).ValidateOnStart();
        // The exam sittings and their sessions are Core's calendar, shared with alerting (one place for the dates).
        services.AddExamCalendar();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClassifierOptions>, ClassifierOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // Word features come from the jieba-compatible segmenter with the domain dictionary (the model is trained with it).
        services.AddSegmentation(configuration);
        services.TryAddSingleton<ClassifierModelProvider>();
        services.TryAddSingleton<IPostClassifier>(sp => sp.GetRequiredService<ClassifierModelProvider>().Classifier);
        // The search index's words come from the same segmenter and normaliser (needs no model).
        services.TryAddSingleton<ISearchTokenizer, SearchTokenizer>();
        services.TryAddSingleton<ITextNormaliser>(sp => new Normalisation.TextNormaliserView(sp.GetRequiredService<ClassifierModelProvider>()));
        return services;
    }

    /// <summary>
    /// Adds the worker that classifies every new or edited post (needs <c>IPostStore</c>, <see cref="IClassificationStore"/>
    /// and <see cref="ICheckpointStore"/>), unless <c>Classifier:Worker:Enabled</c> is false. Call from the verb that runs the pipeline.
    /// </summary>
    public static IServiceCollection AddClassificationWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue($"{ClassifierOptions.Section}:Worker:Enabled", true))
        {
            // Shared with alerting, which it wakes when classifications are saved.
            services.TryAddSingleton<PipelineSignals>();
            services.AddHostedService<ClassificationWorker>();
        }

        return services;
    }
}
