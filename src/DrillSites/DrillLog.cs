using Microsoft.Extensions.Logging;

namespace SentimentWatch.DrillSites;

/// <summary>Drill server log messages (Web band, sub-band 5100–5199).</summary>
internal static partial class DrillLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Drill site {Site} listening on {Uri}")]
    public static partial void SiteStarted(ILogger logger, DrillSite site, Uri uri);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "{Site} {Method} {Target} -> {Status}")]
    public static partial void RequestAnswered(ILogger logger, DrillSite site, string method, string target, int status);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Drill server stopped")]
    public static partial void Stopped(ILogger logger);
}
