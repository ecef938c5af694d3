using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SentimentWatch.Core.Storage;
using SentimentWatch.Host.Cli;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>The host's container is validated when it is built: a wiring mistake stops start-up with the service's name.</summary>
public sealed class HostWiringTests
{
    private static string DemoConfig => Path.Combine(SwProcess.RepoRoot, "config", "demo");

    [Fact]
    public void Build_ShippedComposition_EveryServiceConstructible()
    {
        var builder = SwHost.CreateBuilder(DemoConfig);

        using var host = builder.Build();

        Assert.NotNull(host.Services.GetService<IPostStore>());
    }

    [Fact]
    public void Build_RegistrationRemoved_FailsNamingTheMissingService()
    {
        var builder = SwHost.CreateBuilder(DemoConfig);
        foreach (var descriptor in builder.Services.Where(d => d.ServiceType == typeof(ISourceStateStore)).ToList())
        {
            builder.Services.Remove(descriptor);
        }

        var ex = Assert.Throws<AggregateException>(() => builder.Build());

        Assert.Contains(nameof(ISourceStateStore), ex.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The stages that used to look their stores up at run time (and logged on every pass while the process looked
    /// alive) take them in their constructors: removing one store stops start-up naming the store and the class.
    /// </summary>
    [Theory]
    [InlineData(typeof(Core.Images.IPostImageStore), "SentimentWatch.Evidence.EvidenceFreezer")]
    [InlineData(typeof(Core.Evidence.IEvidenceFreezer), "SentimentWatch.Alerting.Delivery.EvidenceSender")]
    [InlineData(typeof(Core.Evidence.ITakedownStore), "SentimentWatch.Evidence.TakedownTracker")]
    [InlineData(typeof(Core.Classification.ICheckpointStore), "SentimentWatch.Alerting.Pipeline.ClassificationFeed")]
    [InlineData(typeof(Core.Storage.ISourceStateStore), "SentimentWatch.Alerting.Routing.DeskAlerts")]
    [InlineData(typeof(Core.Alerting.IIncidentActionStore), "SentimentWatch.Alerting.Incidents.IncidentAssigner")]
    [InlineData(typeof(Core.Classification.IClassificationFeedbackStore), "SentimentWatch.Alerting.Acknowledgement.IncidentFeedback")]
    // The source runner's parts (SourceRunner composes ListWalker, ThreadReader, Recrawler, …) take their stores and each
    // other in their constructors too.
    [InlineData(typeof(Core.Collection.IRecrawlStore), "SentimentWatch.Crawler.Collection.Recrawler")]
    [InlineData(typeof(Core.Fetching.IUrlValidatorStore), "SentimentWatch.Crawler.Collection.PageIo")]
    [InlineData(typeof(Crawler.Fetching.Browser.IPageRenderer), "SentimentWatch.Crawler.Collection.PageIo")]
    [InlineData(typeof(Crawler.Collection.ThreadReader), "SentimentWatch.Crawler.Collection.DetailPlanner")]
    [InlineData(typeof(Crawler.Collection.SourceSessions), "SentimentWatch.Crawler.Collection.SourceRunner")]
    [InlineData(typeof(Crawler.Collection.RunHealth), "SentimentWatch.Crawler.Collection.SourceRunner")]
    // The alerting pass's parts (AlertingPipeline composes ClassificationFeed, IncidentAlerter, DeskAlerts, EscalationTimers;
    // the feed places posts through IncidentAssigner) take each other in their constructors.
    [InlineData(typeof(Alerting.Pipeline.ClassificationFeed), "SentimentWatch.Alerting.Pipeline.AlertingPipeline")]
    [InlineData(typeof(Alerting.Routing.DeskAlerts), "SentimentWatch.Alerting.Pipeline.AlertingPipeline")]
    [InlineData(typeof(Alerting.Routing.IncidentAlerter), "SentimentWatch.Alerting.Pipeline.AlertingAdmin")]
    [InlineData(typeof(Alerting.Incidents.IncidentAssigner), "SentimentWatch.Alerting.Pipeline.ClassificationFeed")]
    [InlineData(typeof(Alerting.Escalation.EscalationTimers), "SentimentWatch.Alerting.Routing.IncidentAlerter")]
    public void Build_StoreOfAStageRemoved_FailsNamingStoreAndClass(Type removed, string activating)
    {
        ArgumentNullException.ThrowIfNull(removed);
        var builder = SwHost.CreateBuilder(DemoConfig);
        var descriptors = builder.Services.Where(d => d.ServiceType == removed).ToList();
        Assert.NotEmpty(descriptors);
        foreach (var descriptor in descriptors)
        {
            builder.Services.Remove(descriptor);
        }

        var ex = Assert.Throws<AggregateException>(() => builder.Build());

        Assert.Contains($"Unable to resolve service for type '{removed.FullName}' while attempting to activate '{activating}'", ex.Message, StringComparison.Ordinal);
    }
}
