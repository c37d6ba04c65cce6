namespace Vividly.Testing;

/// <summary>Finds a program a test needs, or fails naming the Debian package that brings it.</summary>
public static class RequiredTool
{
    public static string Find(string debianPackage, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Path.IsPathRooted(candidate))
            {
                if (File.Exists(candidate)) return candidate;
                continue;
            }
            var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, candidate))
                .FirstOrDefault(File.Exists);
            if (onPath is not null) return onPath;
        }
        throw new InvalidOperationException(
            $"This test needs {candidates[0]} from the Debian package '{debianPackage}': apt-get install {debianPackage}");
    }

    public static string FindGlob(string debianPackage, string directoryPattern, string file)
    {
        // e.g. /usr/lib/postgresql/*/bin/initdb: take the newest major version installed.
        var root = Path.GetDirectoryName(directoryPattern[..directoryPattern.IndexOf('*', StringComparison.Ordinal)])!;
        var suffix = directoryPattern[(directoryPattern.IndexOf('*', StringComparison.Ordinal) + 1)..].TrimStart('/');
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(version => Path.Combine(version, suffix, file))
                .Where(File.Exists)
                .OrderByDescending(path => path, StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            $"This test needs {file} from the Debian package '{debianPackage}': apt-get install {debianPackage}");
    }
}
