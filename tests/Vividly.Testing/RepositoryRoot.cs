namespace Vividly.Testing;

/// <summary>The repository the running tests were built in: where the built services and the stock clients live.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Vividly.Realtime.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("The tests run outside the repository.");
    });

    public static string Path => Found.Value;
}
