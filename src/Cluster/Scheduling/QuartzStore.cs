using Npgsql;
using Quartz;

namespace SentimentWatch.Cluster.Scheduling;

/// <summary>Where Quartz keeps the crawl schedule: in memory, or Quartz's ADO.NET job store on PostgreSQL with clustering on.</summary>
internal static class QuartzStore
{
    public static void Configure(IQuartzBuilder quartz, SchedulerOptions options, string nodeName, string? connectionString)
    {
        quartz.ConfigureScheduler(s =>
        {
            // The cluster's name is shared by every node; the node's name is its Quartz instance id (unique per node,
            // checked by ClusterNodeService).
            s.InstanceName = options.InstanceName;
            s.InstanceId = nodeName;
        });
        if (!options.Clustered || connectionString is null)
        {
            return;
        }

        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(NpgsqlFactory.Instance, connectionString);
            store.UseClustering(c =>
            {
                c.CheckinInterval = options.CheckInInterval;
                c.CheckinMisfireThreshold = options.CheckInMisfireThreshold;
            });
            store.ConfigureStore(s =>
            {
                // Job data is the source id only; stored as strings it stays readable and needs no type to deserialise.
                s.StoreJobDataAsStrings = true;
                s.MisfireThreshold = options.MisfireThreshold;
                // A crawl interrupted by this node's shutdown is handed to another node rather than dropped.
                s.RecoverFiringsCancelledByShutdown = true;
            });
        });
    }
}
