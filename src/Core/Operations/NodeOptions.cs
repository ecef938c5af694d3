namespace SentimentWatch.Core.Operations;

/// <summary>
/// This node (section <c>Node</c>): its name is on every log line (and every JSON log record), so the logs of several
/// workers on several machines can be told apart once collected.
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>Default: the machine's host name.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>The configured name, or why it is refused (letters, digits, <c>.-_</c>, at most 64).</summary>
    public static string? Problem(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? "must be 1–64 letters, digits, '.', '-' or '_'"
            : null;
}

/// <summary>Refuses a <c>Node:Name</c> that would break a log line or a metric label.</summary>
public sealed class NodeOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<NodeOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var e = new Configuration.ConfigErrors();
        if (NodeOptions.Problem(options.Name) is { } problem)
        {
            e.Add($"{NodeOptions.Section}:Name", options.Name, problem);
        }

        return e.ToResult();
    }
}
