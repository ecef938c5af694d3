using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Core.Calendar;

/// <summary>Validates <see cref="ExamCalendarOptions"/>, naming every bad key at once (e.g. <c>Calendar:Sittings:0:Sessions:1:End '11:00' must be after Start 11:30</c>).</summary>
public sealed class ExamCalendarOptionsValidator : IValidateOptions<ExamCalendarOptions>
{
    private const string S = ExamCalendarOptions.Section;

    public ValidateOptionsResult Validate(string? name, ExamCalendarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var e = new ConfigErrors();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sittings.Count; i++)
        {
            CheckSitting(options.Sittings[i], $"{S}:Sittings:{i}", names, e);
        }

        for (var i = 0; i < options.Stages.Count; i++)
        {
            CheckStage(options.Stages[i], $"{S}:Stages:{i}", e);
        }

        return e.ToResult();
    }

    private static void CheckSitting(ExamSittingOptions s, string k, HashSet<string> names, ConfigErrors e)
    {
        if (string.IsNullOrWhiteSpace(s.Name))
        {
            e.Add($"{k}:Name", s.Name, "must not be empty");
        }
        else if (!names.Add(s.Name))
        {
            e.Add($"{k}:Name", s.Name, "is used by another sitting");
        }

        if (s.Sessions.Count == 0)
        {
            e.Add($"{k}:Sessions", "a sitting needs at least one session (Date, Start, End, Paper, Batch)");
        }

        e.Between($"{k}:SensitiveDaysBefore", s.SensitiveDaysBefore, 0, 60);
        e.Between($"{k}:SensitiveDaysAfter", s.SensitiveDaysAfter, 0, 60);

        var resolved = new List<(ExamSession Session, int Index)>();
        for (var j = 0; j < s.Sessions.Count; j++)
        {
            var x = s.Sessions[j];
            var sk = $"{k}:Sessions:{j}";
            var ok = ExamSchedule.TryDate(x.Date, out _);
            if (!ok)
            {
                e.Add($"{sk}:Date", x.Date, "is not a date yyyy-MM-dd (Beijing)");
            }

            var startOk = ExamSchedule.TryTime(x.Start, out var start);
            if (!startOk)
            {
                e.Add($"{sk}:Start", x.Start, "is not a time HH:mm (Beijing)");
            }

            if (!ExamSchedule.TryTime(x.End, out var end))
            {
                e.Add($"{sk}:End", x.End, "is not a time HH:mm (Beijing)");
            }
            else if (startOk && end <= start)
            {
                e.Add($"{sk}:End", x.End, $"must be after Start {x.Start}");
            }

            if (x.Batch < 1)
            {
                e.Add($"{sk}:Batch", x.Batch, "must be 1 or more");
            }

            if (ExamSchedule.TryResolve(x, out var session))
            {
                resolved.Add((session, j));
            }
        }

        var ordered = resolved.OrderBy(r => r.Session.Start).ToList();
        for (var j = 1; j < ordered.Count; j++)
        {
            if (ordered[j].Session.Start < ordered[j - 1].Session.End)
            {
                e.Add($"{k}:Sessions:{ordered[j].Index}:Start", s.Sessions[ordered[j].Index].Start, $"overlaps session {ordered[j - 1].Index}");
            }
        }
    }

    private static void CheckStage(ExamStageOptions s, string k, ConfigErrors e)
    {
        if (s.Name == ExamCalendarOptions.SittingStage)
        {
            e.Add($"{k}:Name", s.Name, $"is a sitting: configure it under {S}:Sittings with its sessions");
        }
        else if (!ExamCalendarOptions.KnownStages.Contains(s.Name))
        {
            e.Add($"{k}:Name", s.Name, $"is not an exam stage ({string.Join(", ", ExamCalendarOptions.KnownStages)})");
        }

        var startOk = ExamSchedule.TryDate(s.Start, out var start);
        if (!startOk)
        {
            e.Add($"{k}:Start", s.Start, "is not a date yyyy-MM-dd");
        }

        if (!ExamSchedule.TryDate(s.End, out var end))
        {
            e.Add($"{k}:End", s.End, "is not a date yyyy-MM-dd");
        }
        else if (startOk && end < start)
        {
            e.Add($"{k}:End", s.End, $"is before Start {s.Start}");
        }

        if (s.SensitiveDaysBefore < 0 || s.SensitiveDaysAfter < 0)
        {
            e.Add($"{k}:SensitiveDaysBefore", $"{s.SensitiveDaysBefore}/{s.SensitiveDaysAfter}", "margins must not be negative");
        }
    }
}
