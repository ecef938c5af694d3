using System.Runtime.CompilerServices;

// The fetching tests drive the internal parsers (robots.txt, charset) directly as well as through the fetcher.
[assembly: InternalsVisibleTo("SentimentWatch.Crawler.Tests")]
