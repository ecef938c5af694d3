using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Grading;

/// <summary>
/// Checks <c>Alerting:Gazetteer</c>: every site has an id and a name. Whether a site's responder exists is checked with
/// the routing it refers to, by the section's validator.
/// </summary>
internal sealed class GazetteerOptionsValidator : IValidateOptions<GazetteerOptions>
{
    public ValidateOptionsResult Validate(string? name, GazetteerOptions options) => ConfigErrors.Collect(e => Check(options, e));

    /// <summary>Adds every problem of <paramref name="o"/>, each naming its key under <c>Alerting:Gazetteer</c>.</summary>
    public static void Check(GazetteerOptions o, ConfigErrors e)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(e);
        for (var i = 0; i < o.Sites.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(o.Sites[i].Id) || string.IsNullOrWhiteSpace(o.Sites[i].Name))
            {
                e.Add($"{GazetteerOptions.Section}:Sites:{i}", "needs an Id and a Name");
            }
        }
    }
}
