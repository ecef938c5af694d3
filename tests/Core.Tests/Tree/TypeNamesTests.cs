using SentimentWatch.Testing;

namespace SentimentWatch.Core.Tests.Tree;

/// <summary>
/// No two types in <c>src/</c> share a simple name (issue 12: a reader, a stack trace or a log line that says
/// <c>Session</c> or <c>Fact</c> must point at one type). Partial declarations of one type are not a repeat.
/// </summary>
public sealed class TypeNamesTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sw-typenames-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public void SourceTree_NoTwoNonPartialTypesShareASimpleName()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var declared = TypeNames.Declared(src);

        // A scan that found (almost) nothing would pass vacuously; the tree declares several hundred types.
        Assert.True(declared.Count > 300, $"only {declared.Count} type declarations found under {src}");
        Assert.Contains(declared, d => d.Name == "SqliteSessions" && d.File == "Storage/Posts/SqliteSessions.cs");

        var repeated = TypeNames.Repeated(declared);
        Assert.True(repeated.Count == 0, "types that share a name (rename one so the name says what it is):\n" + string.Join("\n",
            repeated.Select(g => $"  {g.Key}: {string.Join(", ", g.Select(d => $"{d.File}:{d.Line}"))}")));
    }

    [Fact]
    public void Repeated_TwoNestedTypesOfOneNameInTwoFiles_Reported()
    {
        Write("A/Sessions.cs", """
            namespace X.A;

            internal sealed class SqliteSessions
            {
                internal sealed class Session(int connection) : IDisposable
                {
                    public void Dispose() { }
                }
            }
            """);
        Write("B/Preview.cs", """
            namespace X.B;

            internal sealed class Preview
            {
                private sealed class Session
                {
                }
            }
            """);

        var repeated = TypeNames.Repeated(TypeNames.Declared(_scratch.FullName));

        var session = Assert.Single(repeated);
        Assert.Equal("Session", session.Key);
        Assert.Equal(["A/Sessions.cs:5", "B/Preview.cs:5"], session.Select(d => $"{d.File}:{d.Line}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Repeated_PartialsCommentsStringsAndKeywords_NotCounted()
    {
        Write("Log1.cs", """
            namespace X.A;

            internal static partial class Log
            {
            }

            /// <summary>Unlike the class Draft in Office, this one is a record.</summary>
            public sealed partial record Options;
            """);
        Write("Log2.cs", """"
            namespace X.B;

            // class Draft { }
            internal static partial class Log
            {
                private const string Template = "class Draft(int x) { }";
                private const string Raw = """
                    public sealed class Draft : Base
                    """;
                private static readonly char Quote = '"';

                public static T Make<T>(IEnumerable<T> records) where T : class, new()
                {
                    foreach (var record in records)
                    {
                        _ = record with { };
                    }

                    return new();
                }
            }

            /* record Draft; */
            public sealed partial record Options;
            public readonly record struct Draft(int Id);
            """");

        var declared = TypeNames.Declared(_scratch.FullName);

        Assert.Empty(TypeNames.Repeated(declared));
        var draft = Assert.Single(declared);
        Assert.Equal(new TypeNames.Declaration("Draft", "Log2.cs", 25), draft);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_scratch.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
