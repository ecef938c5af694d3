using System.Runtime.CompilerServices;

// The segmentation tests check internal pieces (the user-dictionary line grammar, the trie) directly.
[assembly: InternalsVisibleTo("SentimentWatch.Classifier.Tests")]
