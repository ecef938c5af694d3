using System.CommandLine;

namespace SentimentWatch.Host.Cli;

/// <summary>
/// A group of CLI verbs. Every non-abstract implementation in this assembly is found and registered,
/// so adding a verb means adding one file under <c>Commands/</c>.
/// </summary>
internal interface ICliModule
{
    void Register(RootCommand root);
}
