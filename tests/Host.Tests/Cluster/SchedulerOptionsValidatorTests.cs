using Microsoft.Extensions.Configuration;
using SentimentWatch.Cluster;

namespace SentimentWatch.Host.Tests.Cluster;

/// <summary>The <c>Scheduler</c> keys are refused at start-up naming the key; a connection string's password is never echoed.</summary>
public sealed class SchedulerOptionsValidatorTests
{
    private static IReadOnlyList<string> Problems(SchedulerOptions options, Dictionary<string, string?>? secrets = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(secrets ?? []).Build();
        var result = new SchedulerOptionsValidator(config).Validate(null, options);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void Validate_DefaultMemoryStore_NeedsNoDatabase() => Assert.Empty(Problems(new SchedulerOptions()));

    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_NamesTheKey()
    {
        var problem = Assert.Single(Problems(new SchedulerOptions { Store = SchedulerStore.PostgreSql }));
        Assert.StartsWith("Scheduler:PostgreSql:ConnectionString", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LiteralConnectionStringWithPassword_RefusedWithoutEchoingIt()
    {
        var options = new SchedulerOptions { Store = SchedulerStore.PostgreSql };
        options.PostgreSql.ConnectionString = "Host=db;Username=sw;Password=hunter2";
        var problem = Assert.Single(Problems(options));
        Assert.Contains("secret:KEY", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretReferenceResolved_Accepted()
    {
        var options = new SchedulerOptions { Store = SchedulerStore.PostgreSql };
        options.PostgreSql.ConnectionString = "secret:cluster-db";
        Assert.Empty(Problems(options, new() { ["Secrets:cluster-db"] = "Host=db;Username=sw;Password=hunter2" }));
        var unset = Assert.Single(Problems(options));
        Assert.Contains("'cluster-db'", unset, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadTimesAndName_EveryKeyNamedAtOnce()
    {
        var problems = Problems(new SchedulerOptions
        {
            InstanceName = "two words",
            CheckInInterval = TimeSpan.Zero,
            CheckInMisfireThreshold = TimeSpan.FromHours(1),
            MaxClockSkew = TimeSpan.FromMilliseconds(1),
        });
        Assert.Contains(problems, p => p.StartsWith("Scheduler:InstanceName", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Scheduler:CheckInInterval", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Scheduler:CheckInMisfireThreshold", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Scheduler:MaxClockSkew", StringComparison.Ordinal));
    }
}
