using System.CommandLine;
using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Host.Cli;

/// <summary>The stages whose configuration a verb reads: only those are validated before it runs.</summary>
[Flags]
internal enum Uses
{
    /// <summary><c>Paths</c>, <c>Node</c>, <c>Redaction</c> (every verb logs) and any options class the table below does not know: validated by every verb.</summary>
    Base = 0,
    Store = 1,
    Search = 2,
    Crawler = 4,
    Classifier = 8,
    Alerting = 16,
    Evidence = 32,
    Console = 64,
    Office = 128,

    /// <summary>The worker's clustered schedule and stage leases (<c>Scheduler</c>): only the worker itself uses them.</summary>
    Cluster = 256,

    /// <summary>Every stage, validated the way the worker's start-up validates (<c>run</c>, <c>demo</c>, <c>exercise run</c>).</summary>
    All = ~0,
}

/// <summary>
/// The one host-building kernel of the verbs: build the host (<see cref="SwHost.CreateBuilder"/>, every registration checked
/// by <c>ValidateOnBuild</c>), validate the configuration of the stages the verb <see cref="Uses">uses</see> — a one-off
/// crawl never refuses because the alerting section is incomplete — run the verb, and turn what can go wrong into the
/// codes of <see cref="ExitCodes"/>.
/// </summary>
internal static class Verb
{
    /// <summary>Runs <paramref name="body"/> in a host built from <c>--config</c>.</summary>
    public static Task<int> RunAsync(ParseResult parse, Uses uses, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        RunAsync(parse.GetValue(CommandLine.ConfigDir)!, uses, body, cancellationToken);

    /// <summary>Runs <paramref name="body"/> in a host built from <paramref name="configDir"/>, <paramref name="overrides"/> and <paramref name="configure"/>.</summary>
    public static async Task<int> RunAsync(string configDir, Uses uses, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? overrides = null, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = SwHost.CreateBuilder(configDir, overrides);
        configure?.Invoke(builder);
        var registrations = builder.Services.ToList();
        using var host = builder.Build();
        if (Validate(registrations, host.Services, uses) is { Count: > 0 } problems)
        {
            return SwHost.RefuseStart(problems);
        }

        try
        {
            return await body(host.Services, cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            // The verb reached a stage it was not declared to use: still refused with every bad key, never half-run silently.
            return SwHost.RefuseStart(SwHost.ConfigProblems(ex));
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (DbException ex)
        {
            await Console.Error.WriteLineAsync($"the store cannot be used: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unavailable;
        }
    }

    /// <summary>
    /// Every problem of the options classes the verb uses (key, value, reason); empty when they are sound. An options class
    /// counts when something validates it (an <c>IValidateOptions&lt;T&gt;</c> is registered) and its stage is in
    /// <paramref name="uses"/>; <see cref="Uses.All"/> is the worker's full start-up validation.
    /// </summary>
    public static IReadOnlyList<string> Validate(IEnumerable<ServiceDescriptor> registrations, IServiceProvider services, Uses uses)
    {
        if (uses == Uses.All)
        {
            return SwHost.Validate(services);
        }

        var problems = new List<string>();
        var validated = registrations
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
            .Select(t => t.GetGenericArguments()[0])
            .Distinct();
        foreach (var type in validated.Where(t => StageOf(t) is var stage && (stage == Uses.Base || (stage & uses) != 0)))
        {
            var factory = services.GetRequiredService(typeof(IOptionsFactory<>).MakeGenericType(type));
            try
            {
                typeof(IOptionsFactory<>).MakeGenericType(type).GetMethod(nameof(IOptionsFactory<object>.Create))!.Invoke(factory, [Options.DefaultName]);
            }
            catch (Exception ex) when (SwHost.ConfigProblems(ex) is { Count: > 0 } found)
            {
                problems.AddRange(found);
            }
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The stage whose configuration an options class is: by its namespace, except Core's shared knowledge, which belongs to
    /// every stage that reads it. An options class this table does not know is <see cref="Uses.Base"/>: validated by every verb,
    /// never skipped.
    /// </summary>
    internal static Uses StageOf(Type options)
    {
        if (options == typeof(Core.Calendar.ExamCalendarOptions))
        {
            return Uses.Classifier | Uses.Alerting | Uses.Office;
        }

        if (options == typeof(Core.Net.OutboundRules))
        {
            return Uses.Crawler | Uses.Evidence | Uses.Alerting;
        }

        if (options == typeof(Core.Pages.HtmlParseLimits))
        {
            return Uses.Crawler | Uses.Evidence;
        }

        if (options == typeof(Core.Exercise.ExerciseOptions))
        {
            // The drill marker: on alerting's mails and webhooks, office reports and evaluations, console pages.
            return Uses.Alerting | Uses.Office | Uses.Console;
        }

        var ns = options.Namespace ?? string.Empty;
        (string Prefix, Uses Stage)[] stages =
        [
            ("SentimentWatch.Storage.Search", Uses.Search), ("SentimentWatch.Search", Uses.Search), ("SentimentWatch.Storage", Uses.Store),
            ("SentimentWatch.Crawler", Uses.Crawler), ("SentimentWatch.Classifier", Uses.Classifier), ("SentimentWatch.Alerting", Uses.Alerting),
            ("SentimentWatch.Evidence", Uses.Evidence), ("SentimentWatch.DutyConsole", Uses.Console), ("SentimentWatch.Office", Uses.Office),
            ("SentimentWatch.Cluster", Uses.Cluster),
        ];
        return stages.FirstOrDefault(s => ns == s.Prefix || ns.StartsWith(s.Prefix + ".", StringComparison.Ordinal)).Stage;
    }
}
