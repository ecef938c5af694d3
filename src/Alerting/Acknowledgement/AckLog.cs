using Microsoft.Extensions.Logging;

namespace SentimentWatch.Alerting.Acknowledgement;

/// <summary>Acknowledgement-link log messages (event ids 3700–3709).</summary>
internal static partial class AckLog
{
    [LoggerMessage(3700, LogLevel.Warning, "Acknowledgement link for alert {AlertId} ({Responder}) posted without the confirmation page's token; nothing done")]
    public static partial void TokenMissing(ILogger logger, long alertId, string responder);

    [LoggerMessage(3701, LogLevel.Warning, "Replay refused: the {Action} link (label {Label}) for alert {AlertId} ({Responder}) was already used at {UsedAtUtc}; from {Remote}, user agent {UserAgent}")]
    public static partial void Replay(ILogger logger, long alertId, string responder, string action, string? label, DateTimeOffset usedAtUtc, string? remote, string? userAgent);
}
