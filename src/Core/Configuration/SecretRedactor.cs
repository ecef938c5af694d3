using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SentimentWatch.Core.Configuration;

/// <summary>
/// Query parameters that carry credentials on top of the common ones <see cref="SecretText"/> always masks (section
/// <c>Redaction</c>, e.g. <c>Redaction:Parameters:0 = ticket</c> for a site whose links sign with <c>ticket=</c>).
/// </summary>
public sealed class RedactionOptions
{
    public const string Section = "Redaction";

    /// <summary>Extra parameter names whose values are masked wherever a URL is printed, logged or sealed.</summary>
    public List<string> Parameters { get; set; } = [];
}

/// <summary>
/// <see cref="SecretText"/> plus the parameters named in <see cref="RedactionOptions"/>, and the HTTP headers that carry
/// credentials (<c>Cookie</c>, <c>Authorization</c>, <c>Proxy-Authorization</c>, <c>Set-Cookie</c>).
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>The common parameters only.</summary>
    public static readonly SecretRedactor Common = new([]);

    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Cookie", "Authorization", "Proxy-Authorization", "X-Api-Key", "X-Auth-Token",
    };

    private readonly Regex? _extra;

    public SecretRedactor(IEnumerable<string> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var names = parameters.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => Regex.Escape(p.Trim())).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count > 0)
        {
            _extra = new Regex($@"(?<name>[?&;](?:{string.Join('|', names)})=)[^&\s#""'<>]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
        }
    }

    /// <summary><paramref name="text"/> with every URL credential replaced by <see cref="SecretText.Mask"/>; null stays null.</summary>
    public string? Redact(string? text)
    {
        if (_extra is null || string.IsNullOrEmpty(text))
        {
            return SecretText.Redact(text);
        }

        return SecretText.UntilStable(text, s => _extra.Replace(SecretText.Redact(s)!, m => m.Groups["name"].Value + SecretText.Mask));
    }

    /// <summary>A URL as it may be shown or sealed: credentials removed.</summary>
    public string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Redact(url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString)!;
    }

    /// <summary>
    /// A header value as it may be recorded: credential headers keep only their scheme (<c>Bearer ***</c>), a
    /// <c>Set-Cookie</c> keeps its cookie's name and attributes (<c>sid=***; Path=/</c>), any other value loses URL credentials.
    /// </summary>
    public string RedactHeader(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
        {
            return string.Join("; ", value.Split(';').Select(c => CookieName(c) + "=" + SecretText.Mask));
        }

        if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
        {
            var semi = value.IndexOf(';', StringComparison.Ordinal);
            return CookieName(semi < 0 ? value : value[..semi]) + "=" + SecretText.Mask + (semi < 0 ? "" : value[semi..]);
        }

        if (CredentialHeaders.Contains(name))
        {
            var space = value.Trim().IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? value.Trim()[..space] + " " + SecretText.Mask : SecretText.Mask;
        }

        return Redact(value)!;
    }

    private static string CookieName(string pair)
    {
        var eq = pair.IndexOf('=', StringComparison.Ordinal);
        return (eq < 0 ? pair : pair[..eq]).Trim();
    }
}

public static class RedactionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecretRedactor"/> with the parameters of section <c>Redaction</c>. Every stage that prints,
    /// logs or seals URLs calls it; the first call registers, later ones add nothing.
    /// </summary>
    public static IServiceCollection AddSecretRedaction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SecretRedactor)))
        {
            return services;
        }

        services.AddOptions<RedactionOptions>().BindConfiguration(RedactionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RedactionOptions>, RedactionOptionsValidator>();
        services.AddSingleton(sp => new SecretRedactor(sp.GetRequiredService<IOptions<RedactionOptions>>().Value.Parameters));
        return services;
    }
}
