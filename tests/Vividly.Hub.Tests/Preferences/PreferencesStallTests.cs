using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Hub.Preferences;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Preferences;

/// <summary>Preferences on PostgreSQL frozen whole (SIGSTOP): answered 503 with Retry-After within the bound, never a hang or a 500.</summary>
public sealed class PreferencesStallTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private const int TimeoutMs = 300;

    /// <summary>The bound plus room for a loaded machine.</summary>
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_frozen_database_is_answered_503_and_preferences_work_again_once_it_answers()
    {
        using var hub = new HubFactory()
            .With("DATABASE_URL", await postgres.Server.CreateDatabaseAsync())
            .With("STORE_TIMEOUT_MS", TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = hub.CreateHttp(TestTokens.Student(Publishing.NewUser("prefs")));
        using (var saved = await PutAsync(http, """{ "all": { "email_cadence": "daily" } }""")) Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        await postgres.Server.PauseAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            using (var get = await http.GetAsync(PreferencesApi.Path, Cancel)) AssertUnavailable(get);
            using (var put = await PutAsync(http, """{ "all": { "email_cadence": "hourly" } }""")) AssertUnavailable(put);
            Assert.True(clock.Elapsed < 2 * Answered, $"answered after {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            await postgres.Server.ResumeAsync();
        }

        await Eventually.AssertAsync(async () =>
        {
            using var put = await PutAsync(http, """{ "all": { "email_cadence": "hourly" } }""");
            return put.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), "a PUT is stored once the database answers");
        Assert.Equal("hourly", (await http.GetFromJsonAsync<JsonObject>(PreferencesApi.Path, Cancel))!["all"]!["email_cadence"]!.GetValue<string>());
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string json) =>
        http.PutAsync(PreferencesApi.Path, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

    private static void AssertUnavailable(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
