using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Fetching;

/// <summary>
/// Binds <see cref="FetchingOptions"/> key by key so that a value of the wrong type or a misspelt key becomes one
/// validation error among all the others (the stock binder throws on the first bad value and ignores typos), then
/// validates ranges. Start-up is refused with every problem named.
/// </summary>
internal sealed class FetchingOptionsSetup(IConfiguration configuration) : IConfigureOptions<FetchingOptions>, IValidateOptions<FetchingOptions>
{
    // Binding problems belong to the options instance they were found on; the factory configures then validates it.
    private readonly ConditionalWeakTable<FetchingOptions, ConfigErrors> _bindErrors = [];

    public void Configure(FetchingOptions options)
    {
        var errors = new ConfigErrors();
        StrictBinder.Bind(configuration.GetSection(FetchingOptions.Section), options, errors);
        _bindErrors.AddOrUpdate(options, errors);
    }

    public ValidateOptionsResult Validate(string? name, FetchingOptions options)
    {
        var errors = new ConfigErrors();
        Check(options, errors);
        var all = (_bindErrors.TryGetValue(options, out var bindErrors) ? bindErrors.Errors : []).Concat(errors.Errors).ToList();
        return all.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(all);
    }

    /// <summary>Range checks, each naming its key and value.</summary>
    internal static void Check(FetchingOptions o, ConfigErrors errors)
    {
        const string s = FetchingOptions.Section;
        if (string.IsNullOrWhiteSpace(o.UserAgentProduct) || !o.UserAgentProduct.All(IsTokenChar))
        {
            errors.Add($"{s}:UserAgentProduct", o.UserAgentProduct, "must be a non-empty HTTP token (letters, digits, -._)");
        }

        if (!Uri.TryCreate(o.ContactUrl, UriKind.Absolute, out var contact) || (contact.Scheme != Uri.UriSchemeHttp && contact.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{s}:ContactUrl", o.ContactUrl, "is not an absolute http(s) URI");
        }

        Positive(errors, $"{s}:Timeout", o.Timeout);
        Positive(errors, $"{s}:AttemptTimeout", o.AttemptTimeout);
        if (o.AttemptTimeout > o.Timeout && o.Timeout > TimeSpan.Zero)
        {
            errors.Add($"{s}:AttemptTimeout", o.AttemptTimeout, $"is longer than {s}:Timeout ({o.Timeout})");
        }

        errors.Between($"{s}:MaxBodyBytes", o.MaxBodyBytes, 1024, 1L << 30);
        errors.Between($"{s}:MaxRedirects", o.MaxRedirects, 0, 20);
        errors.Between($"{s}:Retry:MaxRetries", o.Retry.MaxRetries, 0, 10);

        Positive(errors, $"{s}:Retry:BaseDelay", o.Retry.BaseDelay);
        Positive(errors, $"{s}:Retry:MaxDelay", o.Retry.MaxDelay);
        NotNegative(errors, $"{s}:Retry:MaxRetryAfter", o.Retry.MaxRetryAfter);
        NotNegative(errors, $"{s}:Politeness:MinDelay", o.Politeness.MinDelay);
        NotNegative(errors, $"{s}:Politeness:MaxCrawlDelay", o.Politeness.MaxCrawlDelay);
        errors.Between($"{s}:Politeness:MaxConcurrentPerHost", o.Politeness.MaxConcurrentPerHost, 1, 64);

        Positive(errors, $"{s}:Robots:CacheDuration", o.Robots.CacheDuration);
        Positive(errors, $"{s}:Robots:UnreachableRetryAfter", o.Robots.UnreachableRetryAfter);
        errors.Between($"{s}:Robots:MaxBytes", o.Robots.MaxBytes, 1024, 16 * 1024 * 1024);

        if (!Enum.IsDefined(o.Robots.WhenUnreachable))
        {
            errors.Add($"{s}:Robots:WhenUnreachable", o.Robots.WhenUnreachable, "must be Disallow or Allow");
        }
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_';

    private static void Positive(ConfigErrors errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(key, value, "must be a positive time span (e.g. 00:00:30)");
        }
    }

    private static void NotNegative(ConfigErrors errors, string key, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            errors.Add(key, value, "must not be negative");
        }
    }
}

/// <summary>
/// Minimal strict configuration binder for plain options classes of scalars and nested options classes:
/// each unknown key and each unconvertible value is recorded, and the rest still binds.
/// </summary>
internal static class StrictBinder
{
    public static void Bind(IConfigurationSection section, object target, ConfigErrors errors)
    {
        var properties = target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetSetMethod() is not null)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                errors.Add(child.Path, child.Value ?? "{…}", $"is not a known key (known: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }

            var type = property.PropertyType;
            if (IsScalar(type))
            {
                if (child.Value is null)
                {
                    errors.Add(child.Path, "{…}", $"must be a single {Describe(type)} value");
                    continue;
                }

                if (TryConvert(child.Value, type, out var converted))
                {
                    property.SetValue(target, converted);
                }
                else
                {
                    errors.Add(child.Path, child.Value, $"is not a valid {Describe(type)}");
                }
            }
            else
            {
                var nested = property.GetValue(target) ?? Activator.CreateInstance(type)!;
                if (child.Value is not null && !child.GetChildren().Any())
                {
                    errors.Add(child.Path, child.Value, "must be an object with keys, not a single value");
                    continue;
                }

                Bind(child, nested, errors);
                property.SetValue(target, nested);
            }
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(decimal) || Nullable.GetUnderlyingType(type) is not null;

    private static bool TryConvert(string value, Type type, out object? converted)
    {
        converted = null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            // Enum.TryParse accepts numbers too; only names are meaningful in config.
            if (Enum.TryParse(underlying, value, ignoreCase: true, out var e) && !value.Trim().All(c => char.IsAsciiDigit(c) || c == '-'))
            {
                converted = e;
                return true;
            }

            return false;
        }

        try
        {
            converted = TypeDescriptor.GetConverter(underlying).ConvertFromInvariantString(value);
            return converted is not null;
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException or OverflowException || ex.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(TimeSpan) ? "time span (e.g. 00:00:30)"
            : t == typeof(bool) ? "boolean (true/false)"
            : t == typeof(int) || t == typeof(long) ? "whole number"
            : t.IsEnum ? $"value ({string.Join(", ", Enum.GetNames(t))})"
            : t.Name.ToLower(CultureInfo.InvariantCulture);
    }
}
