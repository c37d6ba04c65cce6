using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vividly.Stack;
using Vividly.Testing;

StackOptions options;
try
{
    if (args is ["--help"] or ["-h"])
    {
        Console.WriteLine(StackOptions.Usage);
        return 0;
    }
    options = StackOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"{ex.Message}\n\n{StackOptions.Usage}");
    return 2;
}

// A signal during the start is kept, and acted on once the start is over, so nothing is left behind.
var stopping = new TaskCompletionSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

if (options.Logs is not null) TestProcess.LogDirectory = Directory.CreateDirectory(options.Logs).FullName;

RunningStack stack;
try
{
    stack = await RunningStack.StartAsync(options);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"The stack did not start: {ex.Message}");
    return 1;
}

await using (stack)
{
    var json = new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    Console.WriteLine(JsonSerializer.Serialize(stack.Addresses(), json));
    if (options.Commands)
    {
        _ = Task.Run(async () =>
        {
            await StackCommands.ReadUntilClosedAsync(stack, Console.In, Console.Out);
            stopping.TrySetResult();
        });
    }
    await stopping.Task;
    Console.Error.WriteLine("Stopping the stack.");
}
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.TrySetResult();
}
