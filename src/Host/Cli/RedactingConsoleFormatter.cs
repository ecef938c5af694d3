using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Host.Cli;

/// <summary>
/// One line per event (time, level, category, event id, message, exception), with every URL credential masked
/// (<see cref="SecretRedactor"/>: the common key parameters and those named in <c>Redaction:Parameters</c>): a webhook
/// URL's <c>user:password@</c> or <c>key=</c> never reaches a terminal or a log file, whichever stage logged it.
/// </summary>
internal sealed class RedactingConsoleFormatter(SecretRedactor redactor) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "sw-redacting";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            LogLevel.Critical => "crit",
            _ => "none",
        };
        var line = $"{DateTime.Now:HH:mm:ss} {level}: {logEntry.Category}[{logEntry.EventId.Id}] {message}";
        if (logEntry.Exception is not null)
        {
            line += " " + logEntry.Exception.ToString().ReplaceLineEndings(" | ");
        }

        textWriter.WriteLine(redactor.Redact(line));
    }
}
