using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.DutyConsole.Hosting;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the console's options (<c>Console</c>, validated at start-up) and <see cref="AccountService"/> (used by
    /// <c>sw users</c>). The web server itself is added by <see cref="AddConsoleServer"/> from the verbs that run the worker.
    /// Needs the stores that AddStorage registers.
    /// </summary>
    public static IServiceCollection AddConsole(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AccountService>();
        return services;
    }

    /// <summary>Serves the console (when <c>Console:Serve</c>) as a hosted service of the worker.</summary>
    public static IServiceCollection AddConsoleServer(this IServiceCollection services)
    {
        services.TryAddSingleton<ConsoleServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleServer>());
        return services;
    }
}
