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
}
