using Microsoft.Extensions.Options;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// A <c>Redaction:Parameters</c> entry that can never match a query parameter's name (blank, or holding <c>=</c>,
/// <c>&amp;</c>, <c>?</c>, <c>#</c>, <c>;</c> or a space) would leave the credential it was meant to mask in every log
/// and packet; start-up refuses it by name instead.
/// </summary>
internal sealed class RedactionOptionsValidator : IValidateOptions<RedactionOptions>
{
    public ValidateOptionsResult Validate(string? name, RedactionOptions options)
    {
        var e = new ConfigErrors();
        for (var i = 0; i < options.Parameters.Count; i++)
        {
            var parameter = options.Parameters[i];
            var key = $"{RedactionOptions.Section}:Parameters:{i}";
            if (string.IsNullOrWhiteSpace(parameter))
            {
                e.Add(key, parameter, "is blank: name the query parameter whose value to mask (e.g. ticket)");
            }
            else if (parameter.Trim().IndexOfAny(['=', '&', '?', '#', ';', ' ', '\t']) >= 0 || parameter.Any(char.IsControl))
            {
                e.Add(key, parameter, "must be a query parameter's name alone (no = & ? # ; or spaces)");
            }
        }

        return e.ToResult();
    }
}
