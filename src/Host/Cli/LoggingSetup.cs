using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace SentimentWatch.Host.Cli;

internal static class LoggingSetup
{
    /// <summary>Console logging to stderr (stdout stays free for verbs that stream JSON). Levels from <c>Logging:LogLevel</c>.</summary>
    public static ILoggingBuilder AddSimpleConsoleLogging(this ILoggingBuilder logging, IConfiguration configuration)
    {
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }
}
