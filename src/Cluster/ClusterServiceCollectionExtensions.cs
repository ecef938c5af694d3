using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using SentimentWatch.Cluster.Health;
using SentimentWatch.Cluster.Leadership;
using SentimentWatch.Cluster.Scheduling;
using SentimentWatch.Core.Operations;

namespace SentimentWatch.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>Scheduler</c> options and the stage leadership: one node (always the leader) with the default
    /// in-memory store, PostgreSQL advisory locks with <c>Scheduler:Store</c> <c>postgresql</c>. Adds the <c>leases</c>
    /// readiness check.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>());
        if (IsClustered(configuration))
        {
            services.TryAddSingleton<ClusterDatabase>();
            services.TryAddSingleton<PostgresStageLeadership>();
            services.TryAddSingleton<IStageLeadership>(sp => sp.GetRequiredService<PostgresStageLeadership>());
        }
        else
        {
            services.TryAddSingleton<IStageLeadership>(SingleNodeLeadership.Instance);
        }

        services.AddSingleton<IReadinessCheck, LeaseReadiness>();
        return services;
    }

    /// <summary>
    /// For the verb that runs the pipeline: on a clustered store, the node's start-up (database reachable, Quartz's
    /// tables) and its checks (unique name, clock) with the <c>cluster</c> readiness check. Register before Quartz's
    /// hosted service: the tables must exist before the scheduler is built. Nothing on the in-memory store.
    /// </summary>
    public static IServiceCollection AddClusterNode(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsClustered(configuration))
        {
            services.TryAddSingleton<ClusterState>();
            services.AddSingleton<IHostedService, ClusterNodeService>();
            services.AddSingleton<IReadinessCheck, ClusterReadiness>();
        }

        return services;
    }

    /// <summary>Quartz's store for the crawl schedule, from <c>Scheduler</c> (pass to <c>AddCrawlScheduling</c>).</summary>
    public static Action<IQuartzBuilder> SchedulerStore(IConfiguration configuration)
    {
        var options = Read(configuration);
        var node = configuration[$"{NodeOptions.Section}:Name"] is { Length: > 0 } n ? n : new NodeOptions().Name;
        string? connectionString = null;
        if (options.Clustered && ClusterDatabase.TryResolve(options.PostgreSql.ConnectionString, configuration, out var resolved, out _))
        {
            connectionString = resolved;
        }

        // An unresolvable connection string is refused by the options validator before the scheduler is built.
        return q => QuartzStore.Configure(q, options, node, connectionString);
    }

    /// <summary>
    /// Whether the configuration asks for the clustered store. A clustered node's scheduler is started by the cluster
    /// check once its name is known to be unique, not by Quartz's hosted service (<c>AutoStart</c> false).
    /// </summary>
    public static bool IsClustered(IConfiguration configuration) => Read(configuration).Clustered;

    private static SchedulerOptions Read(IConfiguration configuration)
    {
        var options = new SchedulerOptions();
        try
        {
            configuration.GetSection(SchedulerOptions.Section).Bind(options);
        }
        catch (InvalidOperationException)
        {
            // A value the binder cannot read (e.g. Store 'mysql'): the options validation at start-up names it.
        }

        return options;
    }
}
