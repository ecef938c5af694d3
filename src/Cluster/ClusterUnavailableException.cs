namespace SentimentWatch.Cluster;

/// <summary>The cluster database could not be reached at start-up; the message names it (host:port/database, never the password).</summary>
public sealed class ClusterUnavailableException(string message, Exception inner) : Exception(message, inner);
