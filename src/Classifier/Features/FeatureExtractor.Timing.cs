using System.Globalization;
using System.Text.RegularExpressions;

namespace SentimentWatch.Classifier.Features;

/// <summary>Where a post's publication time falls against the exam sittings.</summary>
internal enum ExamTime : byte
{
    /// <summary>No time given, or no sittings known: no timing feature at all.</summary>
    Unknown,

    /// <summary>Within the lead (default 7 days) before a sitting.</summary>
    Before,

    /// <summary>Inside a sitting (every 批次 of it; a sitting spans all its batches).</summary>
    During,

    /// <summary>Within the trail (default 3 days) after a sitting.</summary>
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

        if (offer && when is ExamTime.Before or ExamTime.During)
        {
            f.Add(EngineeredFeatures.OfferNearSitting);
        }
    }

    private string? ExamTiming(DateTimeOffset? at, out ExamTime when)
    {
        when = ExamTime.Unknown;
        if (at is not { } t || _windows.Count == 0)
        {
            return null;
        }

        foreach (var w in _windows)
        {
            if (t >= w.Start && t <= w.End)
            {
                when = ExamTime.During;
                return $"timing: during exam sitting {w.Name}";
            }
        }

        foreach (var w in _windows)
        {
            if (t < w.Start && w.Start - t <= _lead)
            {
                when = ExamTime.Before;
                return string.Create(CultureInfo.InvariantCulture, $"timing: {(w.Start - t).TotalHours:0} h before exam sitting {w.Name}");
            }

            if (t > w.End && t - w.End <= _trail)
            {
                when = ExamTime.After;
                return string.Create(CultureInfo.InvariantCulture, $"timing: {(t - w.End).TotalHours:0} h after exam sitting {w.Name}");
            }
        }

        // Away from every sitting: name the nearest one so the commentator sees why the time did not count as exam time.
        when = ExamTime.Away;
        ExamWindow? previous = null;
        ExamWindow? next = null;
        foreach (var w in _windows)
        {
            if (w.End < t && (previous is null || w.End > previous.End))
            {
                previous = w;
            }
            else if (w.Start > t && (next is null || w.Start < next.Start))
            {
                next = w;
            }
        }

        // The sitting that ended comes first: it is the one a post's question content would be discussion of.
        var lead = string.Create(CultureInfo.InvariantCulture, $"no sitting within {_lead.TotalDays:0} days");
        return (previous, next) switch
        {
            ({ } p, { } n) => string.Create(CultureInfo.InvariantCulture, $"timing: {(t - p.End).TotalDays:0} days after exam sitting {p.Name} and {(n.Start - t).TotalDays:0} days before {n.Name}"),
            ({ } p, null) => string.Create(CultureInfo.InvariantCulture, $"timing: {(t - p.End).TotalDays:0} days after exam sitting {p.Name}, {lead}"),
            (null, { } n) => string.Create(CultureInfo.InvariantCulture, $"timing: {(n.Start - t).TotalDays:0} days before exam sitting {n.Name}, {lead}"),
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
