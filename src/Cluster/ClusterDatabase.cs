using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Cluster;

/// <summary>
/// The PostgreSQL database the nodes share for Quartz's tables and the stage leases (<c>Scheduler:PostgreSql</c>).
/// One data source per process; the leases keep their own connections out of its pool's way.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly Lazy<NpgsqlDataSource> _source;

    public ClusterDatabase(IOptions<SchedulerOptions> options, IConfiguration configuration)
    {
        Options = options.Value;
        if (!TryResolve(Options.PostgreSql.ConnectionString, configuration, out var connectionString, out var problem))
        {
            // The validator refuses start-up before anything asks for a connection; this is for code that skipped it.
            throw new InvalidOperationException($"{SchedulerOptions.Section}:PostgreSql:ConnectionString {problem}");
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        ConnectionString = builder.ConnectionString;
        Host = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _source = new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(ConnectionString));
    }

    public SchedulerOptions Options { get; }

    /// <summary>Where the database is (host:port/database), for error messages: never the password.</summary>
    public string Host { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource => _source.Value;

    /// <summary>Resolves the configured connection string (literal, <c>secret:KEY</c> or <c>env:NAME</c>) and checks that Npgsql can read it.</summary>
    public static bool TryResolve(string? raw, IConfiguration configuration, out string value, out string? problem)
    {
        value = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            problem = "is required when Scheduler:Store is postgresql";
            return false;
        }

        if (!ConfigReference.TryResolve(raw, configuration, out value, out problem))
        {
            return false;
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(parsed.Host))
            {
                problem = "names no Host";
                return false;
            }

            if (!ConfigReference.IsReference(raw) && !string.IsNullOrEmpty(parsed.Password))
            {
                problem = "carries a password written in the configuration: put the connection string in config/secrets.json and write secret:KEY (or env:NAME)";
                return false;
            }
        }
        catch (ArgumentException ex)
        {
            // Npgsql's message names the bad keyword, not the values.
            problem = "is not an Npgsql connection string: " + ex.Message;
            return false;
        }

        return true;
    }

    /// <summary>
    /// PostgreSQL's clock minus this node's, measured as the server's <c>clock_timestamp()</c> against the middle of the
    /// round trip; <c>Uncertainty</c> is half the round trip.
    /// </summary>
    public async Task<(TimeSpan Skew, TimeSpan Uncertainty)> MeasureClockSkewAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT clock_timestamp()", connection);
        var before = time.GetUtcNow();
        var server = (DateTime)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        var after = time.GetUtcNow();
        var middle = before + (after - before) / 2;
        return (new DateTimeOffset(DateTime.SpecifyKind(server, DateTimeKind.Utc)) - middle, (after - before) / 2);
    }

    public async ValueTask DisposeAsync()
    {
        if (_source.IsValueCreated)
        {
            await _source.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
