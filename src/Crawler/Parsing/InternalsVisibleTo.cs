using System.Runtime.CompilerServices;

// The parsing and source tests drive the parsers and binder directly with fixtures.
[assembly: InternalsVisibleTo("SentimentWatch.Crawler.Tests")]
