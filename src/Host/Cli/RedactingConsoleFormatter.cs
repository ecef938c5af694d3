using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Host.Cli;

/// <summary>
/// One line per event (time, level, node, category, event id, message, exception), with every URL credential masked
/// (<see cref="SecretRedactor"/>: the common key parameters and those named in <c>Redaction:Parameters</c>): a webhook
/// URL's <c>user:password@</c> or <c>key=</c> never reaches a terminal or a log file, whichever stage logged it. With <c>Logging:Format</c> <c>json</c>, one JSON object per line instead, carrying the
/// message's named values (<c>{SourceId}</c>, <c>{ElapsedMs}</c> …) as fields, for a log collector.
/// </summary>
internal sealed class RedactingConsoleFormatter(SecretRedactor redactor, IOptions<NodeOptions> node, IConfiguration configuration) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "sw-redacting";

    private readonly string _node = node.Value.Name;
    private readonly bool _json = string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase);

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
        if (_json)
        {
            WriteJson(logEntry, level, message, textWriter);
            return;
        }

        var line = $"{DateTime.Now:HH:mm:ss} {level}: [{_node}] {logEntry.Category}[{logEntry.EventId.Id}] {message}";
        if (logEntry.Exception is not null)
        {
            line += " " + logEntry.Exception.ToString().ReplaceLineEndings(" | ");
        }

        textWriter.WriteLine(redactor.Redact(line));
    }

    private void WriteJson<TState>(in LogEntry<TState> logEntry, string level, string? message, TextWriter textWriter)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow);
            json.WriteString("level", level);
            json.WriteString("node", _node);
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("event_id", logEntry.EventId.Id);
            json.WriteString("message", redactor.Redact(message));
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}" && key is not ("time" or "level" or "node" or "category" or "event_id" or "message" or "exception"))
                    {
                        json.WriteString(key, redactor.Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)));
                    }
                }
            }

            if (logEntry.Exception is not null)
            {
                json.WriteString("exception", redactor.Redact(logEntry.Exception.ToString()));
            }

            json.WriteEndObject();
        }

        textWriter.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
