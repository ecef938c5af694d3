using Microsoft.Extensions.Configuration;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Tests.Configuration;

public sealed class ConfigReferenceTests
{
    private static readonly IConfiguration Config = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Secrets:db"] = "Host=db;Password=s3cret" })
        .Build();

    [Fact]
    public void TryResolve_SecretThatIsSet_ReturnsItsValue()
    {
        Assert.True(ConfigReference.TryResolve("secret:db", Config, out var value, out var problem));
        Assert.Equal("Host=db;Password=s3cret", value);
        Assert.Null(problem);
    }

    [Fact]
    public void TryResolve_SecretNotSet_NamesTheKeyAndWhereItGoes()
    {
        Assert.False(ConfigReference.TryResolve("secret:missing", Config, out _, out var problem));
        Assert.Contains("'missing'", problem, StringComparison.Ordinal);
        Assert.Contains("config/secrets.json", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_EnvironmentVariableNotSet_NamesTheVariable()
    {
        var name = "SW_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        Assert.False(ConfigReference.TryResolve("env:" + name, Config, out _, out var problem));
        Assert.Contains(name, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_EnvironmentVariableSet_ReturnsItsValue()
    {
        var name = "SW_TEST_SET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            Assert.True(ConfigReference.TryResolve("env:" + name, Config, out var value, out _));
            Assert.Equal("from-env", value);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void TryResolve_Literal_IsTheValueItself()
    {
        Assert.True(ConfigReference.TryResolve("Host=db", Config, out var value, out _));
        Assert.Equal("Host=db", value);
        Assert.False(ConfigReference.IsReference("Host=db"));
        Assert.True(ConfigReference.IsReference("secret:db"));
    }
}
