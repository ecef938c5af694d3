using System.Globalization;
using System.Text.RegularExpressions;
using SentimentWatch.Core.Calendar;

namespace SentimentWatch.Classifier.Features;

/// <summary>Where a post's publication time falls against the exam sittings.</summary>
internal enum ExamTime : byte
{
    /// <summary>No time given, or no sittings known: no timing feature at all.</summary>
    Unknown,

    /// <summary>Within the lead (default 7 days) before a sitting's first session.</summary>
    Before,

    /// <summary>From a sitting's first session to its last: in a session, between sessions, between batches.</summary>
    During,

    /// <summary>Within the trail (default 3 days) after a sitting's last session.</summary>
    After,

    /// <summary>Timed, but neither before, during nor shortly after any sitting (for question content: after it ended).</summary>
    Away,
}

internal sealed partial class FeatureExtractor
{
    /// <summary>
    /// Timing enters the model only together with what the post says. The labels turn on such pairs — question
    /// content while a sitting is under way is a leak, the same content once the sitting has ended is discussion, and
    /// offers (price, contact, seller's pitch) cluster in the days before a sitting. A plain "during a sitting" or
    /// "away from any sitting" slot was tried and dropped: only a few per cent of the corpus is timed while every post
    /// the worker sees is, so such a slot learns the timed examples' label mix as a prior and shifts every post of
    /// the year (stamping the untimed test split with a time in July cut leak + answer_selling recall from 0.963 to
    /// 0.914; stamping it with a sitting day raised hard negatives flagged from 3.7 % to 7.3 %). The time itself
    /// stays in the reasons either way.
    /// </summary>
    private static void AddTiming(List<int> f, string text, ExamTime when)
    {
        if (when == ExamTime.Unknown)
        {
            return;
        }

        // An offer is answer_selling whenever it is posted (the boundary rules), so question content next to a price,
        // contact or pitch gets no question-by-time slot: a seller quoting "原题" in July must not read as discussion.
        var offer = f.Contains(EngineeredFeatures.ContactAny) || f.Contains(EngineeredFeatures.Price) || f.Contains(EngineeredFeatures.SellerPitch);
        var question = f.Contains(EngineeredFeatures.OptionLetters) || f.Contains(EngineeredFeatures.QuestionNumber) || QuestionContentRegex().IsMatch(text);
        if (question && !offer)
        {
            f.Add(when switch
            {
                ExamTime.During => EngineeredFeatures.QuestionContentDuring,
                ExamTime.Before => EngineeredFeatures.QuestionContentBefore,
                _ => EngineeredFeatures.QuestionContentAfter,
            });
        }

        // No "offer near a sitting" slot any more (slot 36 stays reserved): the timed corpus holds more harmless posts
        // with a contact or price near a sitting (study groups, course ads, scam reports) than offers, so the slot
        // learned to push towards normal, and on the first blind round it was the top reason for missing free leaks
        // with a group number and device sellers writing the week before the sitting.
    }

    private string? ExamTiming(DateTimeOffset? at, out ExamTime when)
    {
        when = ExamTime.Unknown;
        var sittings = _schedule.Sittings;
        if (at is not { } t || sittings.Count == 0)
        {
            return null;
        }

        // From the first session's start to the last session's end a later session is still to be sat, so question
        // content is live (a leak) — between the batches too; after the last session it is discussion.
        if (_schedule.Inside(t) is { } inside)
        {
            when = ExamTime.During;
            var paper = inside.Current.Paper is { Length: > 0 } p ? $" {p}" : "";
            return inside.Phase switch
            {
                SittingPhase.InSession => $"timing: during exam sitting {inside.Sitting.Name} (session{paper}, batch {inside.Current.Batch.ToString(CultureInfo.InvariantCulture)})",
                SittingPhase.BetweenBatches => $"timing: between batches of exam sitting {inside.Sitting.Name} (batch {inside.Current.Batch.ToString(CultureInfo.InvariantCulture)} has sat, batch {inside.Next!.Batch.ToString(CultureInfo.InvariantCulture)} has not)",
                _ => $"timing: between sessions of exam sitting {inside.Sitting.Name} (after{paper}, batch {inside.Current.Batch.ToString(CultureInfo.InvariantCulture)})",
            };
        }

        foreach (var s in sittings)
        {
            if (t < s.FirstStart && s.FirstStart - t <= _lead)
            {
                when = ExamTime.Before;
                return string.Create(CultureInfo.InvariantCulture, $"timing: {(s.FirstStart - t).TotalHours:0} h before the first session of exam sitting {s.Name}");
            }

            if (t > s.LastEnd && t - s.LastEnd <= _trail)
            {
                when = ExamTime.After;
                return string.Create(CultureInfo.InvariantCulture, $"timing: {(t - s.LastEnd).TotalHours:0} h after the last session of exam sitting {s.Name}");
            }
        }

        // Away from every sitting: name the nearest one so the commentator sees why the time did not count as exam time.
        when = ExamTime.Away;
        ExamSitting? previous = null;
        ExamSitting? next = null;
        foreach (var s in sittings)
        {
            if (s.LastEnd < t && (previous is null || s.LastEnd > previous.LastEnd))
            {
                previous = s;
            }
            else if (s.FirstStart > t && (next is null || s.FirstStart < next.FirstStart))
            {
                next = s;
            }
        }

        // The sitting that ended comes first: it is the one a post's question content would be discussion of.
        var lead = string.Create(CultureInfo.InvariantCulture, $"no sitting within {_lead.TotalDays:0} days");
        return (previous, next) switch
        {
            ({ } p, { } n) => string.Create(CultureInfo.InvariantCulture, $"timing: {(t - p.LastEnd).TotalDays:0} days after exam sitting {p.Name} and {(n.FirstStart - t).TotalDays:0} days before {n.Name}"),
            ({ } p, null) => string.Create(CultureInfo.InvariantCulture, $"timing: {(t - p.LastEnd).TotalDays:0} days after exam sitting {p.Name}, {lead}"),
            (null, { } n) => string.Create(CultureInfo.InvariantCulture, $"timing: {(n.FirstStart - t).TotalDays:0} days before exam sitting {n.Name}, {lead}"),
            _ => null,
        };
    }

    /// <summary>
    /// Question content beyond option letters and numbered questions: what a leak or a post-exam discussion quotes
    /// (题干, 选项, a paper, a case and what it "tested"). Not 主观题/客观题 alone: rumours about the arrangements
    /// name the exams too.
    /// </summary>
    [GeneratedRegex(@"第\s*[一二三四五六七八九十\d]{1,3}\s*(?:题|问|道)|题干|选项|原题|卷\s*[一二12①②]|案例(?:题|分析)|考的是|考到了?|选[a-d]\b|答案是", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionContentRegex();
}
