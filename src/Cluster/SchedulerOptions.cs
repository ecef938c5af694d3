using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Cluster;

/// <summary>Where Quartz keeps the crawl schedule.</summary>
public enum SchedulerStore
{
    /// <summary>In this process only: one node, nothing shared (the default; <c>./sw demo</c>).</summary>
    Memory,

    /// <summary>Quartz's ADO.NET job store on PostgreSQL with clustering on, shared by every node.</summary>
    PostgreSql,
}

/// <summary>
/// The scheduler and the cluster (section <c>Scheduler</c>). With <see cref="Store"/> <c>postgresql</c> every node that
/// names the same database and <see cref="InstanceName"/> is one cluster: each source's crawl runs on one node at a
/// time, a dead node's crawls are recovered by another, and each looping stage has one leader. The node is named by
/// <c>Node:Name</c>, which must differ between nodes.
/// </summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    public SchedulerStore Store { get; set; } = SchedulerStore.Memory;

    /// <summary>The cluster's name (Quartz's scheduler name), the same on every node of one deployment.</summary>
    public string InstanceName { get; set; } = "sentimentwatch";

    /// <summary>How often a node records in Quartz's tables that it is alive (Quartz's cluster check-in).</summary>
    public TimeSpan CheckInInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>
    /// How long past a missed check-in the other nodes wait before they declare a node dead and recover its crawls.
    /// A dead node's crawl is taken over after about <see cref="CheckInInterval"/> + this.
    /// </summary>
    public TimeSpan CheckInMisfireThreshold { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How far a trigger may be late before Quartz treats it as misfired (and applies the misfire policy: run once now,
    /// then keep the schedule).
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The largest difference between this node's clock and PostgreSQL's that is not reported. Default: half the
    /// check-in misfire threshold, because two nodes each this far off in opposite directions already differ by the
    /// whole threshold, and then each takes the other for dead.
    /// </summary>
    public TimeSpan? MaxClockSkew { get; set; }

    public SchedulerDatabaseOptions PostgreSql { get; set; } = new();

    public TimeSpan ClockSkewLimit => MaxClockSkew ?? CheckInMisfireThreshold / 2;

    public bool Clustered => Store == SchedulerStore.PostgreSql;
}

/// <summary>The cluster's PostgreSQL database (keys <c>Scheduler:PostgreSql:*</c>), holding Quartz's job store.</summary>
public sealed class SchedulerDatabaseOptions
{
    /// <summary>An Npgsql connection string, or <c>secret:KEY</c> / <c>env:NAME</c> naming one (it carries a password).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long opening a connection or one statement of the cluster's own may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Names every bad <c>Scheduler</c> key at once; a connection string is never echoed.</summary>
internal sealed class SchedulerOptionsValidator(IConfiguration configuration) : IValidateOptions<SchedulerOptions>
{
    private const string S = SchedulerOptions.Section;

    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var e = new ConfigErrors();
        if (!Enum.IsDefined(options.Store))
        {
            e.Add($"{S}:Store", options.Store, "must be memory or postgresql");
        }

        if (Core.Operations.NodeOptions.Problem(options.InstanceName) is { } problem)
        {
            e.Add($"{S}:InstanceName", options.InstanceName, problem);
        }

        Span("CheckInInterval", options.CheckInInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Span("CheckInMisfireThreshold", options.CheckInMisfireThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Span("MisfireThreshold", options.MisfireThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Span("PostgreSql:Timeout", options.PostgreSql.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        if (options.MaxClockSkew is { } skew)
        {
            Span("MaxClockSkew", skew, TimeSpan.FromMilliseconds(100), options.CheckInMisfireThreshold);
        }

        if (options.Clustered)
        {
            if (!ClusterDatabase.TryResolve(options.PostgreSql.ConnectionString, configuration, out _, out var why))
            {
                e.Add($"{S}:PostgreSql:ConnectionString", why!);
            }
        }

        return e.ToResult();

        void Span(string key, TimeSpan value, TimeSpan min, TimeSpan max) => e.Between($"{S}:{key}", value, min, max);
    }
}
