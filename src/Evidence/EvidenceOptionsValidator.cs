using Microsoft.Extensions.Options;
using SentimentWatch.Core.Browser;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Evidence;

/// <summary>Start-up validation of <see cref="EvidenceOptions"/>: every bad key with its value.</summary>
internal sealed class EvidenceOptionsValidator : IValidateOptions<EvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, EvidenceOptions options)
    {
        var errors = new ConfigErrors();
        const string S = EvidenceOptions.Section;
        if (string.IsNullOrWhiteSpace(options.PacketsDirectory))
        {
            errors.Add($"{S}:PacketsDirectory", options.PacketsDirectory, "must name a directory");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent) || options.UserAgent.Any(char.IsControl))
        {
            errors.Add($"{S}:UserAgent", options.UserAgent, "must be a non-empty single line");
        }

        Positive(errors, $"{S}:FetchTimeout", options.FetchTimeout, TimeSpan.FromMinutes(10));
        Positive(errors, $"{S}:RetryDelay", options.RetryDelay, TimeSpan.FromMinutes(10), allowZero: true);
        errors.Between($"{S}:MaxResponseBytes", options.MaxResponseBytes, 1024, 1L << 30);
        errors.Between($"{S}:MaxRedirects", options.MaxRedirects, 0, 50);
        errors.Between($"{S}:BlockPageRetries", options.BlockPageRetries, 0, 10);

        var shots = options.Screenshots;
        Positive(errors, $"{S}:Screenshots:Timeout", shots.Timeout, TimeSpan.FromMinutes(10));
        errors.Between($"{S}:Screenshots:ViewportWidth", shots.ViewportWidth, 200, 8000);
        errors.Between($"{S}:Screenshots:ViewportHeight", shots.ViewportHeight, 200, 8000);

        if (shots.MaxFullPageHeight < shots.ViewportHeight || shots.MaxFullPageHeight > 100_000)
        {
            errors.Add($"{S}:Screenshots:MaxFullPageHeight", shots.MaxFullPageHeight, "must be between ViewportHeight and 100000");
        }

        if (shots.Enabled && string.IsNullOrWhiteSpace(shots.ChromiumPath))
        {
            errors.Add($"{S}:Screenshots:ChromiumPath", shots.ChromiumPath, "must name the browser executable when screenshots are enabled");
        }

        errors.Between($"{S}:Screenshots:MaxRequests", shots.MaxRequests, 1, 10000);

        if (shots.Enabled && ChromiumLaunch.UnshareProblem(shots.Sandbox, shots.UnsharePath) is { } unshare)
        {
            errors.Add($"{S}:Screenshots:UnsharePath", shots.UnsharePath, unshare);
        }

        options.Outbound.Validate($"{S}:Outbound", errors);

        var signing = options.Signing;
        if (!string.IsNullOrWhiteSpace(signing.CertificatePath) && !File.Exists(signing.CertificatePath))
        {
            errors.Add($"{S}:Signing:CertificatePath", signing.CertificatePath, "does not exist");
        }

        if (!string.IsNullOrWhiteSpace(signing.ChainPath) && !File.Exists(signing.ChainPath))
        {
            errors.Add($"{S}:Signing:ChainPath", signing.ChainPath, "does not exist");
        }

        if (string.IsNullOrWhiteSpace(signing.CertificatePath) && !signing.AllowDevelopmentCertificate)
        {
            errors.Add($"{S}:Signing:CertificatePath", "is required when AllowDevelopmentCertificate is false");
        }

        for (var i = 0; i < options.Tsa.Count; i++)
        {
            var tsa = options.Tsa[i];
            var key = $"{S}:Tsa:{i}";
            if (!Uri.TryCreate(tsa.Url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{key}:Url", tsa.Url, "is not an absolute http(s) URI");
            }

            if (string.IsNullOrWhiteSpace(tsa.TrustedRootPath) || !File.Exists(tsa.TrustedRootPath))
            {
                errors.Add($"{key}:TrustedRootPath", tsa.TrustedRootPath, "must name an existing PEM root certificate (replies are checked against it)");
            }

            if (!string.IsNullOrWhiteSpace(tsa.ChainPath) && !File.Exists(tsa.ChainPath))
            {
                errors.Add($"{key}:ChainPath", tsa.ChainPath, "does not exist");
            }

            Positive(errors, $"{key}:Timeout", tsa.Timeout, TimeSpan.FromMinutes(5));
        }

        if (string.IsNullOrWhiteSpace(options.Operator.SystemAccount))
        {
            errors.Add($"{S}:Operator:SystemAccount", options.Operator.SystemAccount, "must not be empty");
        }

        Positive(errors, $"{S}:Takedowns:CheckInterval", options.Takedowns.CheckInterval, TimeSpan.FromDays(30));
        Positive(errors, $"{S}:Takedowns:DefaultDeadline", options.Takedowns.DefaultDeadline, TimeSpan.FromDays(365));
        return errors.ToResult();
    }

    private static void Positive(ConfigErrors errors, string key, TimeSpan value, TimeSpan max, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero) || value > max)
        {
            errors.Add(key, value, $"must be {(allowZero ? "at least 0" : "positive")} and at most {max}");
        }
    }
}
