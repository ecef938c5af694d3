using Microsoft.Extensions.Configuration;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// Integer <c>*Seconds</c>/<c>*Minutes</c>/<c>*Hours</c> keys a stage read before its durations became time spans. The
/// binder would ignore such a key silently (and the default would apply), so a configuration still using one is refused
/// naming the key and the key to write instead. Each stage keeps its own map of old leaf names to new ones.
/// </summary>
public static class RetiredKeys
{
    /// <summary>
    /// Adds one error per key found anywhere under <paramref name="section"/> whose last segment is a key of
    /// <paramref name="renamed"/> (matched ignoring case), e.g.
    /// <c>Office:Reports:AutoPollSeconds '15' is no longer read (seconds as a number): write Office:Reports:AutoPollInterval as a time span, …</c>.
    /// </summary>
    public static void Check(IConfigurationSection section, IReadOnlyDictionary<string, string> renamed, ConfigErrors errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(renamed);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (path, value) in section.AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var leaf = path[(path.LastIndexOf(':') + 1)..];
            if (renamed.TryGetValue(leaf, out var now))
            {
                var unit = leaf.EndsWith("Seconds", StringComparison.OrdinalIgnoreCase) ? "seconds" : leaf.EndsWith("Minutes", StringComparison.OrdinalIgnoreCase) ? "minutes" : "hours";
                errors.Add(path, value, $"is no longer read ({unit} as a number): write {path[..^leaf.Length]}{now} as a time span, e.g. 00:05:00 for five minutes");
            }
        }
    }
}
