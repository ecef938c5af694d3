using System.Globalization;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// Collects every configuration problem of one options object so start-up can refuse with one message
/// that names each bad key and value (never just the first).
/// Use from an <c>IValidateOptions&lt;T&gt;</c>: add problems, then <see cref="ToResult"/>.
/// </summary>
public sealed class ConfigErrors
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public bool Any => _errors.Count > 0;

    /// <summary>Adds <c>Key 'value' reason</c>, e.g. <c>Sources:3:Url 'htp://x' is not an absolute http(s) URI</c>.</summary>
    /// <remarks>Credentials in a value (a URL's <c>user:password@</c>, a webhook's <c>key=</c>) are masked: a refusal is printed.</remarks>
    public void Add(string key, object? value, string reason) =>
        _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} '{SecretText.Redact(Convert.ToString(value, CultureInfo.InvariantCulture))}' {reason}"));

    /// <summary>Adds a problem that has no single value (e.g. a missing section).</summary>
    public void Add(string key, string reason) => _errors.Add($"{key}: {reason}");

    /// <summary>Adds <c>Key 'value' must be a time span from MIN to MAX</c> when <paramref name="value"/> lies outside.</summary>
    /// <param name="why">Appended to the reason, e.g. <c> (zero: none)</c>.</param>
    public void Range(string key, TimeSpan value, TimeSpan min, TimeSpan max, string why = "")
    {
        if (value < min || value > max)
        {
            Add(key, value, string.Create(CultureInfo.InvariantCulture, $"must be a time span from {min} to {max}{why}"));
        }
    }

    /// <summary>
    /// Adds <c>Key 'value' must be between MIN and MAX</c> when <paramref name="value"/> lies outside the inclusive range —
    /// the check every options validator repeats for counts, sizes and ratios. NaN lies outside every range.
    /// </summary>
    /// <param name="why">Appended to the reason, e.g. <c> (a day)</c>.</param>
    public void Between<T>(string key, T value, T min, T max, string why = "")
        where T : System.Numerics.INumber<T>
    {
        if (!(value >= min && value <= max))
        {
            Add(key, value, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}{why}"));
        }
    }

    /// <summary>Adds <c>Key 'value' must be between MIN and MAX</c> (time spans in their constant form) when <paramref name="value"/> lies outside.</summary>
    public void Between(string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            Add(key, value, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
        }
    }

    /// <summary>Runs <paramref name="check"/> on a fresh collection: the body of an <c>IValidateOptions&lt;T&gt;.Validate</c>.</summary>
    public static Microsoft.Extensions.Options.ValidateOptionsResult Collect(Action<ConfigErrors> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var errors = new ConfigErrors();
        check(errors);
        return errors.ToResult();
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult ToResult() =>
        _errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
                           : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_errors);
}
