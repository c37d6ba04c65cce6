using System.Diagnostics;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Integration.Tests;

/// <summary>The batch endpoint as a backend with nothing but curl calls it, against a hub process, with a stock client watching.</summary>
public sealed class PublishBatchCurlTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vividly-batch-").FullName;

    [Fact]
    public async Task A_batch_posted_with_curl_is_answered_per_request_and_each_stored_one_shown_once()
    {
        await using var hub = await ServiceProcess.StartHubAsync(HubSettings.WithInboxIn(_directory));
        await using var watching = await StockClients.StartAsync(StockClientKind.Dotnet, hub.BaseUrl, ["curl-batch"]);
        const string body = """
            {"requests":[
              {"user_id":"curl-batch","type":"system.announcement","title":"one","message":"m","idempotency_key":"c-1"},
              {"user_id":"curl-batch","type":"system.announcement","title":"","message":"m"},
              {"user_id":"curl-batch","type":"system.announcement","title":"two","message":"m","idempotency_key":"c-2"},
              {"user_id":"curl-batch","type":"system.announcement","title":"one again","message":"m","idempotency_key":"c-1"},
              {"user_id":"curl-batch","type":"system.announcement","title":"three","message":"m"}
            ]}
            """;

        var (status, answer) = await CurlAsync(new Uri(hub.BaseUrl, Routes.PublishBatch), TestTokens.Publisher(), body);

        Assert.Equal(202, status);
        var results = JsonNode.Parse(answer)!["results"]!.AsArray();
        Assert.Equal([1L, null, 2L, 1L, 3L], results.Select(r => r!["seq"]?.GetValue<long>()));
        Assert.Equal(400, results[1]!["error"]!["status"]!.GetValue<int>());
        Assert.True(results[3]!["duplicate"]!.GetValue<bool>());
        await StockExpectations.EachShowsExactlyAsync(watching.Clients, 3, TimeSpan.FromSeconds(10));
    }

    public void Dispose() => TestProcess.TryDeleteDirectory(_directory);

    /// <summary>Posts <paramref name="body"/> with curl; answers the status and the body it printed.</summary>
    private static async Task<(int Status, string Body)> CurlAsync(Uri url, string token, string body)
    {
        var curl = new ProcessStartInfo(RequiredTool.Find("curl", "curl"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "-sS", "--max-time", "30", "-X", "POST", "-H", $"Authorization: Bearer {token}", "-H", "Content-Type: application/json",
                     "--data-binary", "@-", "-w", "\n%{http_code}", url.ToString(),
                 })
            curl.ArgumentList.Add(argument);
        using var process = Process.Start(curl)!;
        await process.StandardInput.WriteAsync(body);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"curl exited {process.ExitCode}: {errors}");
        var split = output.LastIndexOf('\n');
        return (int.Parse(output[(split + 1)..], System.Globalization.CultureInfo.InvariantCulture), output[..split]);
    }
}
