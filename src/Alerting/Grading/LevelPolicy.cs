using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Grading;

/// <summary>The outcome of applying a newly proposed level to an incident's current level.</summary>
/// <param name="Level">The level the incident now has.</param>
/// <param name="Upgraded">True when the level rose (responders are notified again).</param>
/// <param name="HeldReason">Set when a lower proposal was refused, saying why.</param>
public sealed record LevelDecision(IncidentLevel Level, bool Upgraded, LevelReason? HeldReason);

/// <summary>
/// The plan's rule on changing levels: the machine may raise a level but never lowers one — Ⅰ/Ⅱ never, and Ⅲ→Ⅳ
/// also needs the person on duty — so a lower proposal keeps the current level and says so. Only
/// <see cref="Downgrade"/>, which demands a person and a reason, lowers a level.
/// </summary>
public static class LevelPolicy
{
    public static LevelDecision Apply(IncidentLevel current, IncidentLevel proposed)
    {
        if (proposed > current)
        {
            return new LevelDecision(proposed, current != IncidentLevel.None, null);
        }

        if (proposed < current)
        {
            var why = current >= IncidentLevel.II
                ? $"level {current.Roman()} is never lowered automatically (proposed {proposed.Roman()})"
                : $"downgrade {current.Roman()}→{proposed.Roman()} needs a person and a reason (proposed automatically)";
            return new LevelDecision(current, false, new LevelReason("hold:no_auto_downgrade", current, why));
        }

        return new LevelDecision(current, false, null);
    }

    /// <summary>A manual downgrade: refused unless a person and a reason are given and the level really goes down.</summary>
    public static LevelDecision Downgrade(IncidentLevel current, IncidentLevel target, string? person, string? reason)
    {
        if (string.IsNullOrWhiteSpace(person) || string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A downgrade needs the name of the person deciding it and a reason.");
        }

        if (target >= current)
        {
            throw new ArgumentException($"{target.Roman()} is not lower than the current level {current.Roman()}.");
        }

        return new LevelDecision(target, false, new LevelReason("manual_downgrade", target, $"{person.Trim()}: {reason.Trim()}"));
    }
}
