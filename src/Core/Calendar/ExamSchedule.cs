using System.Globalization;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Core.Calendar;

/// <summary>One session (场次) as absolute times.</summary>
public sealed record ExamSession(DateTimeOffset Start, DateTimeOffset End, string? Paper, int Batch);

/// <summary>One sitting with its sessions in time order.</summary>
public sealed record ExamSitting(string Name, IReadOnlyList<ExamSession> Sessions, int SensitiveDaysBefore, int SensitiveDaysAfter)
{
    /// <summary>Start of the first session.</summary>
    public DateTimeOffset FirstStart => Sessions[0].Start;

    /// <summary>End of the last session: after it the sitting is over for every batch.</summary>
    public DateTimeOffset LastEnd => Sessions[^1].End;

    /// <summary>Beijing date of the first session.</summary>
    public DateOnly FirstDate => DateOnly.FromDateTime(ChinaTime.ToBeijing(FirstStart).DateTime);

    /// <summary>Beijing date of the last session.</summary>
    public DateOnly LastDate => DateOnly.FromDateTime(ChinaTime.ToBeijing(LastEnd).DateTime);
}

/// <summary>Where a moment falls inside a sitting, from its first session's start to its last session's end.</summary>
public enum SittingPhase
{
    /// <summary>A session is being sat.</summary>
    InSession,

    /// <summary>Between two sessions of the same batch (e.g. the lunch break between 卷一 and 卷二).</summary>
    BetweenSessions,

    /// <summary>One batch has sat, a later batch has not (e.g. the evening between two batch days): its papers are live.</summary>
    BetweenBatches,
}

/// <summary>A moment inside a sitting: the phase, the session being sat (or the last one sat) and the next one.</summary>
public sealed record SittingMoment(ExamSitting Sitting, SittingPhase Phase, ExamSession Current, ExamSession? Next);

/// <summary>
/// The calendar's sittings as absolute times, built from <see cref="ExamCalendarOptions"/>. Entries the validator
/// refuses are skipped here (start-up stops on them before this is used).
/// </summary>
public sealed class ExamSchedule
{
    public ExamSchedule(ExamCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sittings = new List<ExamSitting>();
        foreach (var s in options.Sittings)
        {
            var sessions = s.Sessions
                .Select(x => TryResolve(x, out var session) ? session : null)
                .OfType<ExamSession>()
                .OrderBy(x => x.Start)
                .ToList();
            if (sessions.Count > 0 && !string.IsNullOrWhiteSpace(s.Name))
            {
                sittings.Add(new ExamSitting(s.Name, sessions, s.SensitiveDaysBefore, s.SensitiveDaysAfter));
            }
        }

        Sittings = sittings.OrderBy(s => s.FirstStart).ToList();
    }

    /// <summary>The sittings, earliest first.</summary>
    public IReadOnlyList<ExamSitting> Sittings { get; }

    /// <summary>The sitting <paramref name="at"/> falls in (first session's start to last session's end), with its phase; null outside every sitting.</summary>
    public SittingMoment? Inside(DateTimeOffset at)
    {
        foreach (var sitting in Sittings)
        {
            if (at < sitting.FirstStart || at > sitting.LastEnd)
            {
                continue;
            }

            var sessions = sitting.Sessions;
            for (var i = 0; i < sessions.Count; i++)
            {
                var current = sessions[i];
                var next = i + 1 < sessions.Count ? sessions[i + 1] : null;
                if (at >= current.Start && at <= current.End)
                {
                    return new SittingMoment(sitting, SittingPhase.InSession, current, next);
                }

                if (next is not null && at > current.End && at < next.Start)
                {
                    // A later session of another batch, and a batch that has sat: what the first batch saw is live.
                    var phase = next.Batch != current.Batch ? SittingPhase.BetweenBatches : SittingPhase.BetweenSessions;
                    return new SittingMoment(sitting, phase, current, next);
                }
            }
        }

        return null;
    }

    /// <summary>Parses one configured session; false when a field is malformed (the validator names it).</summary>
    public static bool TryResolve(ExamSessionOptions options, out ExamSession session)
    {
        ArgumentNullException.ThrowIfNull(options);
        session = null!;
        if (!TryDate(options.Date, out var date) || !TryTime(options.Start, out var start) || !TryTime(options.End, out var end) || end <= start)
        {
            return false;
        }

        session = new ExamSession(At(date, start), At(date, end), options.Paper, options.Batch);
        return true;
    }

    /// <summary>A Beijing date written <c>yyyy-MM-dd</c>.</summary>
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>A Beijing time of day written <c>HH:mm</c>.</summary>
    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), ChinaTime.Offset);
}
