using System.Runtime.CompilerServices;

// The host's verbs, the tests and the benchmarks drive the pipeline's parts directly.
[assembly: InternalsVisibleTo("sw")]
[assembly: InternalsVisibleTo("SentimentWatch.Classifier.Tests")]
[assembly: InternalsVisibleTo("SentimentWatch.Benchmarks")]
