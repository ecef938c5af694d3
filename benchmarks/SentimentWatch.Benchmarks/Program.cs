using SentimentWatch.Benchmarks;

// Each benchmark is one IBenchmark implementation in this assembly; run one by name:
//   dotnet run -c Release --project benchmarks/SentimentWatch.Benchmarks -- NAME [args...]
var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .ToDictionary(b => b.Name, StringComparer.OrdinalIgnoreCase);

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var chosen))
{
    Console.Error.WriteLine("usage: SentimentWatch.Benchmarks NAME [args...]");
    foreach (var b in benchmarks.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
    {
        Console.Error.WriteLine($"  {b.Name,-16} {b.Description}");
    }

    return args.Length == 0 ? 0 : 2;
}

return await chosen.RunAsync(args[1..], CancellationToken.None);
