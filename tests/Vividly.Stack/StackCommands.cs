namespace Vividly.Stack;

/// <summary>
/// Commands read from stdin while the stack runs, so a test can crash a hub and bring it back on
/// the same port (the browser tests' hub restart) without starting the hub itself.
/// </summary>
internal static class StackCommands
{
    private static readonly TimeSpan TerminateGrace = TimeSpan.FromSeconds(10);

    /// <summary>Answers each line with 'ok' or 'error: ...' until stdin closes.</summary>
    public static async Task ReadUntilClosedAsync(RunningStack stack, TextReader input, TextWriter output)
    {
        while (await input.ReadLineAsync() is { } line)
        {
            if (line.Trim().Length == 0) continue;
            try
            {
                await RunAsync(stack, line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                await output.WriteLineAsync("ok");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                await output.WriteLineAsync($"error: {ex.Message.ReplaceLineEndings(" ")}");
            }
        }
    }

    private static async Task RunAsync(RunningStack stack, string[] words)
    {
        switch (words)
        {
            case ["stop", var name, .. var signal] when signal is [] or ["SIGTERM"]:
                await stack.Service(name).TerminateAsync(TerminateGrace);
                break;
            case ["stop", var name, "SIGKILL"]:
                await stack.Service(name).KillAsync();
                break;
            case ["start", var name]:
                await stack.Service(name).StartAgainAsync();
                break;
            default:
                throw new ArgumentException($"Not a command: '{string.Join(' ', words)}' (stop NAME [SIGTERM|SIGKILL], start NAME).");
        }
    }
}
