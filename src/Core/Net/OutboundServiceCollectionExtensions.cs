using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Net;

public static class OutboundServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OutboundGuard"/> and the global rules (section <c>Outbound</c>, validated at start-up). Every
    /// stage that opens outbound connections calls it; it is idempotent.
    /// </summary>
    public static IServiceCollection AddOutboundPolicy(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(OutboundGuard)))
        {
            return services;
        }

        services.AddOptions<OutboundRules>().BindConfiguration(OutboundRules.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboundRules>>(new OutboundRulesValidator());
        services.TryAddSingleton<OutboundGuard>();
        return services;
    }

    private sealed class OutboundRulesValidator : IValidateOptions<OutboundRules>
    {
        public ValidateOptionsResult Validate(string? name, OutboundRules options)
        {
            var errors = new ConfigErrors();
            options.Validate(OutboundRules.Section, errors);
            return errors.ToResult();
        }
    }
}
