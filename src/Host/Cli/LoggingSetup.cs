using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Host.Cli;

internal static class LoggingSetup
{
    /// <summary>Console logging to stderr (stdout stays free for verbs that stream JSON). Levels from <c>Logging:LogLevel</c>.</summary>
    public static ILoggingBuilder AddSimpleConsoleLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        // Single-line console output like the simple formatter's, with URL credentials masked (issue 13).
        logging.AddConsole(o =>
        {
            o.LogToStandardErrorThreshold = LogLevel.Trace;
            o.FormatterName = RedactingConsoleFormatter.FormatterName;
        });
        logging.AddConsoleFormatter<RedactingConsoleFormatter, ConsoleFormatterOptions>();
        logging.Services.AddSecretRedaction();
        return logging;
    }
}
