using System.Runtime.CompilerServices;

// Evidence tests drive the internal pipeline parts (fetcher, WARC, sealer, verifier) directly.
[assembly: InternalsVisibleTo("SentimentWatch.Evidence.Tests")]
[assembly: InternalsVisibleTo("SentimentWatch.Benchmarks")]
