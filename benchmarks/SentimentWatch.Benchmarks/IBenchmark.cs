namespace SentimentWatch.Benchmarks;

/// <summary>One named benchmark. Prints its figures (and the machine it ran on) to stdout.</summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}
