using System.Runtime.CompilerServices;

// Tests drive internal services directly; the host's CLI and the scenario benchmarks compose them.
[assembly: InternalsVisibleTo("SentimentWatch.Alerting.Tests")]
[assembly: InternalsVisibleTo("sw")]
[assembly: InternalsVisibleTo("SentimentWatch.Benchmarks")]
