using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Vividly.Hub.Client.Contract;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Functional;

/// <summary>Publishing over HTTP as a service would.</summary>
public static class Publishing
{
    /// <summary>A user no other test touches, so tests can share one hub.</summary>
    public static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static PublishRequest Request(string userId, string title = "Your video is ready", string? key = null) =>
        new(userId, NotificationTypes.GenerationCompleted, title, "Photosynthesis explained", null,
            new JsonObject { ["content_id"] = "vid_456" }, key);

    public static async Task<PublishResult> PublishAsync(this HubFactory hub, PublishRequest request)
    {
        using var http = hub.CreateHttp(TestTokens.Publisher());
        using var response = await http.PostAsJsonAsync(Routes.Publish, request, ContractJson.Options);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PublishResult>(ContractJson.Options))!;
    }

    public static async Task<JsonObject> InboxAsync(this HubFactory hub, string userId)
    {
        using var http = hub.CreateHttp(TestTokens.Student(userId));
        return (await http.GetFromJsonAsync<JsonObject>($"{Routes.Notifications}?limit=200"))!;
    }
}
