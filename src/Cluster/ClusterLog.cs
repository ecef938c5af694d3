using Microsoft.Extensions.Logging;

namespace SentimentWatch.Cluster;

/// <summary>The cluster's log lines (event ids 68xx).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 6800, Level = LogLevel.Information, Message = "Node {Node} now leads stage {Stage}")]
    public static partial void LeaseGained(ILogger logger, string stage, string node);

    [LoggerMessage(EventId = 6801, Level = LogLevel.Warning, Message = "Node {Node} lost stage {Stage} (its lease connection ended); another node takes it over")]
    public static partial void LeaseLost(ILogger logger, string stage, string node);

    [LoggerMessage(EventId = 6802, Level = LogLevel.Error, Message = "Stage {Stage}: the cluster database {Database} cannot be reached; this node does not run the stage until it can")]
    public static partial void LeaseUnreachable(ILogger logger, string stage, string database, Exception exception);

    [LoggerMessage(EventId = 6810, Level = LogLevel.Information, Message = "Created Quartz's tables on {Database} (Quartz's own PostgreSQL schema)")]
    public static partial void SchemaCreated(ILogger logger, string database);

    [LoggerMessage(EventId = 6811, Level = LogLevel.Information, Message = "Node {Node} joins cluster {Cluster} on {Database}; check-in every {CheckInMs} ms, a silent node is recovered after {RecoveryMs} ms more")]
    public static partial void Joining(ILogger logger, string node, string cluster, string database, long checkInMs, long recoveryMs);

    [LoggerMessage(EventId = 6820, Level = LogLevel.Critical, Message = "DUPLICATE NODE NAME: another running process already uses Node:Name '{Node}' on cluster {Cluster} ({Database}). Each node needs its own Node:Name; this node does not schedule crawls until the other is gone")]
    public static partial void DuplicateNodeName(ILogger logger, string node, string cluster, string database);

    [LoggerMessage(EventId = 6821, Level = LogLevel.Information, Message = "Node name '{Node}' is now unique on cluster {Cluster}; scheduling starts")]
    public static partial void NodeNameUnique(ILogger logger, string node, string cluster);

    [LoggerMessage(EventId = 6822, Level = LogLevel.Critical, Message = "CLOCK SKEW: this node's clock differs from PostgreSQL's ({Database}) by {SkewMs} ms (± {UncertaintyMs} ms), beyond the {LimitMs} ms Quartz's cluster tolerates; nodes may take each other for dead and run crawls twice. Synchronise the clocks (NTP)")]
    public static partial void ClockSkew(ILogger logger, string database, long skewMs, long uncertaintyMs, long limitMs);

    [LoggerMessage(EventId = 6823, Level = LogLevel.Information, Message = "Clock skew against PostgreSQL back within {LimitMs} ms ({SkewMs} ms)")]
    public static partial void ClockSkewResolved(ILogger logger, long skewMs, long limitMs);

    [LoggerMessage(EventId = 6824, Level = LogLevel.Error, Message = "Cluster check against {Database} failed; retrying")]
    public static partial void CheckFailed(ILogger logger, string database, Exception exception);
}
