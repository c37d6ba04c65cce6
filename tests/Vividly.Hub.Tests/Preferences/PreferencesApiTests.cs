using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Hub.Preferences;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Preferences;

public sealed class PreferencesApiTests(HubFactory hub) : IClassFixture<HubFactory>
{
    private const string Path = PreferencesApi.Path;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient User(out string userId)
    {
        userId = Publishing.NewUser("prefs");
        return hub.CreateHttp(TestTokens.Student(userId));
    }

    private static async Task<JsonObject> GetAsync(HttpClient http) => (await http.GetFromJsonAsync<JsonObject>(Path, Cancel))!;

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string json) =>
        http.PutAsync(Path, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

    private static JsonNode Effective(JsonObject answer, string type, string path)
    {
        JsonNode node = answer["effective"]![type]!;
        foreach (var part in path.Split('.')) node = node[part]!;
        return node;
    }

    private static void AssertChannel(JsonObject answer, string type, string channel, bool enabled, string source)
    {
        Assert.Equal(enabled, Effective(answer, type, $"channels.{channel}.enabled").GetValue<bool>());
        Assert.Equal(source, Effective(answer, type, $"channels.{channel}.source").GetValue<string>());
    }

    private static void AssertCadence(JsonObject answer, string type, string value, string source)
    {
        Assert.Equal(value, Effective(answer, type, "email_cadence.value").GetValue<string>());
        Assert.Equal(source, Effective(answer, type, "email_cadence.source").GetValue<string>());
    }

    [Fact]
    public async Task A_user_who_saved_nothing_gets_the_defaults_for_every_type()
    {
        using var http = User(out _);
        var answer = await GetAsync(http);

        Assert.Null(answer["updated_at"]);
        Assert.Null(answer["all"]!["email_cadence"]);
        Assert.Null(answer["all"]!["channels"]!["email"]);
        Assert.Empty(answer["types"]!.AsObject());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "enabled": false, "start": "22:00", "end": "07:00", "time_zone": "UTC" }"""), answer["quiet_hours"]));
        Assert.Equal(
            ["content_generation.started", "content_generation.progress", "content_generation.completed", "content_generation.failed", "clarification_needed", "system.announcement"],
            answer["effective"]!.AsObject().Select(type => type.Key));

        AssertChannel(answer, "content_generation.started", "in_app", true, "always");
        AssertChannel(answer, "content_generation.started", "email", false, "default");
        AssertChannel(answer, "content_generation.progress", "push", false, "default");
        AssertChannel(answer, "content_generation.completed", "email", true, "default");
        AssertChannel(answer, "content_generation.completed", "push", true, "default");
        AssertCadence(answer, "content_generation.completed", "instant", "default");
        AssertChannel(answer, "content_generation.failed", "email", true, "locked");
        AssertChannel(answer, "clarification_needed", "push", true, "locked");
        Assert.True(Effective(answer, "clarification_needed", "locked").GetValue<bool>());
        Assert.False(Effective(answer, "content_generation.completed", "locked").GetValue<bool>());
        AssertCadence(answer, "system.announcement", "daily", "default");
        AssertChannel(answer, "system.announcement", "push", false, "default");
    }

    [Fact]
    public async Task Settings_fall_back_type_then_all_then_default_and_say_where_each_comes_from()
    {
        using var http = User(out _);
        using var put = await PutAsync(http, """
            {
              "all": { "channels": { "email": false, "push": null }, "email_cadence": "hourly" },
              "types": {
                "content_generation.completed": { "channels": { "email": true }, "email_cadence": "daily" },
                "content_generation.progress": { "channels": { "push": true } },
                "system.announcement": null
              },
              "quiet_hours": { "enabled": true, "start": "22:30", "end": "06:45", "time_zone": "Europe/Berlin" }
            }
            """);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var answer = (await put.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;

        AssertChannel(answer, "content_generation.completed", "email", true, "type");
        AssertCadence(answer, "content_generation.completed", "daily", "type");
        AssertChannel(answer, "content_generation.completed", "push", true, "default");
        AssertChannel(answer, "content_generation.started", "email", false, "all");
        AssertCadence(answer, "content_generation.started", "hourly", "all");
        AssertChannel(answer, "content_generation.progress", "push", true, "type");
        AssertChannel(answer, "content_generation.failed", "email", true, "locked");
        AssertCadence(answer, "content_generation.failed", "hourly", "all");
        AssertChannel(answer, "system.announcement", "email", false, "all");
        // A type set to null is not set: it is not kept.
        Assert.Equal(["content_generation.completed", "content_generation.progress"], answer["types"]!.AsObject().Select(type => type.Key));
        Assert.Equal("Europe/Berlin", answer["quiet_hours"]!["time_zone"]!.GetValue<string>());
        Assert.NotNull(answer["updated_at"]);

        // PUT answers as GET does afterwards.
        Assert.True(JsonNode.DeepEquals(answer, await GetAsync(http)));
    }

    [Fact]
    public async Task Turning_every_email_off_with_the_cadence_leaves_locked_types_instant()
    {
        using var http = User(out _);
        using var put = await PutAsync(http, """{ "all": { "channels": { "email": false, "push": false }, "email_cadence": "off" } }""");
        var answer = (await put.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;

        AssertCadence(answer, "content_generation.completed", "off", "all");
        AssertCadence(answer, "clarification_needed", "instant", "locked");
        AssertChannel(answer, "clarification_needed", "push", true, "locked");
    }

    [Fact]
    public async Task A_put_replaces_everything_and_what_a_get_answered_can_be_put_back()
    {
        using var http = User(out _);
        (await PutAsync(http, """{ "all": { "email_cadence": "daily" }, "types": { "content_generation.started": { "channels": { "push": true } } } }""")).Dispose();
        var read = await GetAsync(http);
        using (var back = await PutAsync(http, read.ToJsonString())) Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal("daily", (await GetAsync(http))["all"]!["email_cadence"]!.GetValue<string>());

        using var empty = await PutAsync(http, "{}");
        var answer = (await empty.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        Assert.Null(answer["all"]!["email_cadence"]);
        Assert.Empty(answer["types"]!.AsObject());
        AssertChannel(answer, "content_generation.started", "push", false, "default");
        Assert.NotNull(answer["updated_at"]);
    }

    [Theory]
    [InlineData("""{ "types": { "video.ready": {} } }""", "types.video.ready")]
    [InlineData("""{ "all": { "channels": { "sms": true } } }""", "all.channels.sms")]
    [InlineData("""{ "types": { "content_generation.completed": { "channels": { "pager": false } } } }""", "types.content_generation.completed.channels.pager")]
    [InlineData("""{ "all": { "channels": { "in_app": false } } }""", "all.channels.in_app")]
    [InlineData("""{ "types": { "system.announcement": { "channels": { "in_app": false } } } }""", "types.system.announcement.channels.in_app")]
    [InlineData("""{ "all": { "channels": { "email": "yes" } } }""", "all.channels.email")]
    [InlineData("""{ "all": { "email_cadence": "weekly" } }""", "all.email_cadence")]
    [InlineData("""{ "types": { "content_generation.completed": { "email_cadence": 3 } } }""", "types.content_generation.completed.email_cadence")]
    [InlineData("""{ "types": { "content_generation.failed": { "channels": { "email": false } } } }""", "types.content_generation.failed.channels.email")]
    [InlineData("""{ "types": { "content_generation.failed": { "channels": { "push": false } } } }""", "types.content_generation.failed.channels.push")]
    [InlineData("""{ "types": { "clarification_needed": { "channels": { "email": false } } } }""", "types.clarification_needed.channels.email")]
    [InlineData("""{ "types": { "clarification_needed": { "email_cadence": "off" } } }""", "types.clarification_needed.email_cadence")]
    [InlineData("""{ "quiet_hours": { "enabled": true, "start": "25:00" } }""", "quiet_hours.start")]
    [InlineData("""{ "quiet_hours": { "end": "7:00" } }""", "quiet_hours.end")]
    [InlineData("""{ "quiet_hours": { "start": "22:00:00" } }""", "quiet_hours.start")]
    [InlineData("""{ "quiet_hours": { "start": "08:00", "end": "08:00" } }""", "quiet_hours.end")]
    [InlineData("""{ "quiet_hours": { "time_zone": "Mars/Olympus_Mons" } }""", "quiet_hours.time_zone")]
    [InlineData("""{ "quiet_hours": { "time_zone": "CEST" } }""", "quiet_hours.time_zone")]
    [InlineData("""{ "quiet_hours": { "enabled": "yes" } }""", "quiet_hours.enabled")]
    [InlineData("""{ "quiet_hours": { "snooze": true } }""", "quiet_hours.snooze")]
    [InlineData("""{ "all": { "sound": "chime" } }""", "all.sound")]
    [InlineData("""{ "all": [] }""", "all")]
    [InlineData("""{ "colour": "blue" }""", "colour")]
    [InlineData("""{ "all": {}, "all": {} }""", "all")]
    [InlineData("""[]""", "body")]
    [InlineData("""{ "all": { "channels": """, "all")]
    public async Task A_bad_value_is_refused_naming_its_field_and_nothing_is_stored(string body, string field)
    {
        using var http = User(out _);
        using var response = await PutAsync(http, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        Assert.Contains(field, problem["errors"]!.AsObject().Select(error => error.Key));
        Assert.Null((await GetAsync(http))["updated_at"]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_as_the_publish_endpoints_refuse_it()
    {
        using var http = User(out _);
        using var response = await http.PutAsync(Path, new StringContent("email=off", Encoding.UTF8, "text/plain"), Cancel);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null((await GetAsync(http))["updated_at"]);
    }

    [Fact]
    public async Task A_body_above_the_limit_is_refused_with_413()
    {
        using var http = User(out _);
        var padding = new string(' ', (int)PreferencesApi.MaxBodyBytes);
        using var response = await PutAsync(http, "{" + padding + "}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_user_never_sees_or_changes_another_users_preferences()
    {
        using var owner = User(out _);
        using var other = User(out _);
        (await PutAsync(owner, """{ "all": { "email_cadence": "daily" } }""")).Dispose();
        (await PutAsync(other, """{ "all": { "email_cadence": "hourly" } }""")).Dispose();

        Assert.Equal("daily", (await GetAsync(owner))["all"]!["email_cadence"]!.GetValue<string>());
        Assert.Equal("hourly", (await GetAsync(other))["all"]!["email_cadence"]!.GetValue<string>());
        using var stranger = User(out _);
        Assert.Null((await GetAsync(stranger))["updated_at"]);
    }

    [Fact]
    public async Task Without_a_token_preferences_are_401()
    {
        using var http = hub.CreateHttp(null);
        using var get = await http.GetAsync(Path, Cancel);
        using var put = await PutAsync(http, "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, put.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_both_calls_and_the_values_of_each_text_field()
    {
        using var http = hub.CreateHttp(null);
        var document = (await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json", Cancel))!;

        var path = document["paths"]![Path]!;
        Assert.Equal("#/components/schemas/PreferencesAnswer",
            path["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/UserPreferences",
            path["put"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(path["put"]!["responses"]!["400"]);
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal("""["instant","hourly","daily","off",null]""", schemas["ChannelPreferences"]!["properties"]!["email_cadence"]!["enum"]!.ToJsonString());
        Assert.Equal("""["type","all","default","locked","always"]""", schemas["EffectiveChannel"]!["properties"]!["source"]!["enum"]!.ToJsonString());
        Assert.Equal(["enabled", "start", "end", "time_zone"], schemas["QuietHours"]!["properties"]!.AsObject().Select(p => p.Key));
    }
}
