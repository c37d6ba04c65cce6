using System.Globalization;
using Vividly.Hub.Client.Contract;
using Vividly.LoadTest.Scenarios;

namespace Vividly.LoadTest.Cli;

/// <summary>Reads <c>--name value</c> pairs over the chosen scenario's defaults.</summary>
internal static class ArgumentParser
{
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var values = Pairs(args);
        var name = Single(values, "--scenario") ?? throw new UsageException("--scenario is required.");
        if (!ScenarioCatalog.All.TryGetValue(name, out var scenario))
            throw new UsageException($"Unknown scenario '{name}'.");

        var options = scenario.Defaults with
        {
            Hubs = [.. Many(values, "--hub").Select(ParseHub)],
            Secret = Single(values, "--secret") ?? Environment.GetEnvironmentVariable("SECRET_KEY") ?? "",
            HubPids = [.. Many(values, "--hub-pid").Select(v => (int)Number(v, "--hub-pid"))],
            ServicePids = [.. Many(values, "--service-pid").Select(v => (int)Number(v, "--service-pid"))],
        };
        var thresholds = options.Thresholds;

        foreach (var (key, list) in values)
        {
            var value = list[^1];
            switch (key)
            {
                case "--scenario" or "--hub" or "--secret" or "--hub-pid" or "--service-pid": break;
                case "--target": options = options with { Target = TargetNamed(value) }; break;
                case "--warm-up": options = options with { WarmUp = Duration(value, key) }; break;
                case "--issuer": options = options with { Issuer = value }; break;
                case "--audience": options = options with { Audience = value }; break;
                case "--report": options = options with { ReportPath = value }; break;
                case "--connections": options = options with { Connections = (int)Number(value, key) }; break;
                case "--users": options = options with { Users = (int)Number(value, key) }; break;
                case "--ramp": options = options with { RampPerSecond = Number(value, key) }; break;
                case "--rate": options = options with { Rate = Number(value, key), CapacitySteps = [] }; break;
                case "--duration": options = options with { Duration = Duration(value, key) }; break;
                case "--hold": options = options with { Hold = Duration(value, key) }; break;
                case "--publish": options = options with { PublishMode = Mode(value) }; break;
                case "--publishers": options = options with { Publishers = (int)Number(value, key) }; break;
                case "--batch-size": options = options with { BatchSize = (int)Number(value, key) }; break;
                case "--connect-timeout": options = options with { ConnectTimeout = Duration(value, key) }; break;
                case "--drain-timeout": options = options with { DrainTimeout = Duration(value, key) }; break;
                case "--steps": options = options with { CapacitySteps = [.. value.Split(',').Select(v => Number(v, key))] }; break;
                case "--step-p99-ms": options = options with { CapacityP99BoundMs = Number(value, key) }; break;
                case "--max-connect-p95-ms": thresholds = thresholds with { MaxConnectP95Ms = Number(value, key) }; break;
                case "--max-publish-p95-ms": thresholds = thresholds with { MaxPublishP95Ms = Number(value, key) }; break;
                case "--max-delivery-p95-ms": thresholds = thresholds with { MaxDeliveryP95Ms = Number(value, key) }; break;
                case "--min-throughput": thresholds = thresholds with { MinThroughput = Number(value, key) }; break;
                case "--max-errors": thresholds = thresholds with { MaxErrors = (long)Number(value, key) }; break;
                default: throw new UsageException($"Unknown option '{key}'.");
            }
        }

        return Validate(options with { Thresholds = thresholds });
    }

    private static LoadOptions Validate(LoadOptions options)
    {
        if (options.Hubs.Count == 0) throw new UsageException("At least one --hub URL is required.");
        if (options.Secret.Length == 0) throw new UsageException("--secret (the hub's SECRET_KEY) is required.");
        if (options.Connections < 1 || options.Users < 1 || options.Users > options.Connections)
            throw new UsageException("--connections and --users must be positive, with no more users than connections.");
        if (options.RampPerSecond <= 0 || options.Rate <= 0 || options.Publishers < 1 || options.CapacitySteps.Any(r => r <= 0))
            throw new UsageException("--ramp, --rate, --steps and --publishers must be positive.");
        if (options.Target == HubTarget.Stock && options.PublishMode != PublishMode.Http)
            throw new UsageException("--target stock has no hub method Publish nor batch endpoint: add --publish http.");
        if (options.BatchSize is < 1 or > PublishBatchRequest.MaxRequests)
            throw new UsageException($"--batch-size must be 1 to {PublishBatchRequest.MaxRequests}, the most the hub takes in one batch.");
        return options;
    }

    private static Dictionary<string, List<string>> Pairs(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            var key = args[i];
            if (!key.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new UsageException($"Expected '--option value' at '{key}'.");
            if (!values.TryGetValue(key, out var list)) values[key] = list = [];
            list.Add(args[i + 1]);
        }
        return values;
    }

    private static string? Single(Dictionary<string, List<string>> values, string key) =>
        values.TryGetValue(key, out var list) ? list[^1] : null;

    private static List<string> Many(Dictionary<string, List<string>> values, string key) =>
        values.TryGetValue(key, out var list) ? list : [];

    private static Uri ParseHub(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--hub '{value}' is not an http(s) URL.");

    private static PublishMode Mode(string value) => value switch
    {
        "hub" => PublishMode.Hub,
        "http" => PublishMode.Http,
        "batch" => PublishMode.Batch,
        _ => throw new UsageException("--publish is 'hub', 'http' or 'batch'."),
    };

    private static HubTarget TargetNamed(string value) => value switch
    {
        "vividly" => HubTarget.Vividly,
        "stock" => HubTarget.Stock,
        _ => throw new UsageException("--target is 'vividly' or 'stock'."),
    };

    private static double Number(string value, string key) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new UsageException($"{key} '{value}' is not a non-negative number.");

    /// <summary>Seconds, or a number with <c>ms</c>, <c>s</c> or <c>m</c>.</summary>
    private static TimeSpan Duration(string value, string key)
    {
        var (digits, unit) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 0.001),
            _ when value.EndsWith('s') => (value[..^1], 1.0),
            _ when value.EndsWith('m') => (value[..^1], 60.0),
            _ => (value, 1.0),
        };
        return TimeSpan.FromSeconds(Number(digits, key) * unit);
    }
}
