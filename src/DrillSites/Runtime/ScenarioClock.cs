namespace SentimentWatch.DrillSites.Runtime;

/// <summary>
/// Maps the injected clock onto scenario time: scenario seconds run <c>speed</c> times faster than the clock, and a
/// post at scenario second <c>s</c> carries the real publication time <c>start + s / speed</c>, so relative times
/// ("3分钟前") on the pages agree with the clock a crawler resolves them against.
/// </summary>
internal sealed class ScenarioClock(TimeProvider time, DateTimeOffset start, double speed)
{
    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset Now => time.GetUtcNow();

    public TimeProvider Time => time;

    public double Elapsed => (time.GetUtcNow() - Start).TotalSeconds * speed;

    /// <summary>Real time of a scenario second, truncated to whole seconds as sites show them.</summary>
    public DateTimeOffset RealTimeOf(double scenarioSeconds)
    {
        var t = Start + TimeSpan.FromSeconds(scenarioSeconds / speed);
        return new DateTimeOffset(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
