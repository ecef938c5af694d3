namespace SentimentWatch.Core.Configuration;

/// <summary>Where the product keeps its files. Relative paths resolve against the current directory.</summary>
public sealed class PathsOptions
{
    public const string Section = "Paths";

    /// <summary>Store, evidence packets and other runtime data. Default <c>data</c>.</summary>
    public string Data { get; set; } = "data";

    /// <summary>Dictionaries, tables and the classifier model. Default <c>models</c>.</summary>
    public string Models { get; set; } = "models";

    public string DataPath(params string[] parts) => Path.GetFullPath(Path.Combine([Data, .. parts]));

    public string ModelPath(params string[] parts) => Path.GetFullPath(Path.Combine([Models, .. parts]));
}
