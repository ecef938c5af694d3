namespace SentimentWatch.Classifier.Model;

/// <summary>The model (or its manifest) is missing, corrupt or does not fit this build; the message names the file and how to rebuild it.</summary>
public sealed class ModelUnavailableException : Exception
{
    public ModelUnavailableException()
    {
    }

    public ModelUnavailableException(string message)
        : base(message)
    {
    }

    public ModelUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static ModelUnavailableException For(string file, string problem, Exception? inner = null) =>
        new($"Classifier model file '{file}' {problem}. Rebuild it with `sw train` (it trains from models/training/ and writes models/classifier.zip and models/classifier.json).", inner!);
}
