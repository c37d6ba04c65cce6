using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Vividly.Hub.Email;
using Vividly.Hub.Tests.Functional;
using Vividly.Testing;

namespace Vividly.Hub.Tests.Email;

public sealed class EmailAddressTests(EmailHub email) : IClassFixture<EmailHub>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_email_claim_of_a_callers_token_becomes_their_address_and_follows_its_changes()
    {
        var user = Publishing.NewUser("claim");
        var addresses = email.Service<UserEmailStore>();
        Assert.False(await addresses.HasAddressAsync(user, Cancel));

        using (var http = email.Hub.CreateHttp(EmailHub.TokenWithEmail(user, $"{user}@Example.test")))
            (await http.GetAsync("/api/v1/preferences", Cancel)).EnsureSuccessStatusCode();
        Assert.Equal(($"{user}@example.test", EmailSources.Token), await StoredAsync(user));

        using (var http = email.Hub.CreateHttp(EmailHub.TokenWithEmail(user, $"new-{user}@example.test")))
            (await http.GetAsync("/api/v1/preferences", Cancel)).EnsureSuccessStatusCode();
        Assert.Equal(($"new-{user}@example.test", EmailSources.Token), await StoredAsync(user));
        Assert.True(await addresses.HasAddressAsync(user, Cancel));
    }

    [Fact]
    public async Task A_publisher_sets_an_address_that_a_token_claim_does_not_replace()
    {
        var user = Publishing.NewUser("put");
        using var publisher = email.Hub.CreateHttp(TestTokens.Publisher());

        using var answer = await publisher.PutAsync($"/api/v1/users/{user}/email", Json("""{ "email": "set@example.test" }"""), Cancel);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = (await answer.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        Assert.Equal(("set@example.test", "api"), (body["email"]!.GetValue<string>(), body["source"]!.GetValue<string>()));
        using (var http = email.Hub.CreateHttp(EmailHub.TokenWithEmail(user, "claimed@example.test")))
            (await http.GetAsync("/api/v1/preferences", Cancel)).EnsureSuccessStatusCode();
        Assert.Equal(("set@example.test", EmailSources.Api), await StoredAsync(user));
    }

    [Theory]
    [InlineData("""{ "email": "not an address" }""")]
    [InlineData("""{ "email": "Name <a@example.test>" }""")]
    [InlineData("""{ "email": 42 }""")]
    [InlineData("""{ }""")]
    [InlineData("""[]""")]
    public async Task A_bad_address_is_refused_naming_email_and_nothing_is_stored(string json)
    {
        var user = Publishing.NewUser("bad");
        using var publisher = email.Hub.CreateHttp(TestTokens.Publisher());

        using var answer = await publisher.PutAsync($"/api/v1/users/{user}/email", Json(json), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.NotNull((await answer.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["errors"]!["email"]);
        Assert.Null(await email.Service<UserEmailStore>().GetAsync(user, Cancel));
    }

    [Fact]
    public async Task A_user_cannot_set_an_address()
    {
        var user = Publishing.NewUser("self");
        using var http = email.Hub.CreateHttp(TestTokens.Student(user));

        using var answer = await http.PutAsync($"/api/v1/users/{user}/email", Json("""{ "email": "me@example.test" }"""), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Null(await email.Service<UserEmailStore>().GetAsync(user, Cancel));
    }

    private async Task<(string, string)?> StoredAsync(string user) =>
        await email.Service<UserEmailStore>().GetAsync(user, Cancel) is { } stored ? (stored.Email, stored.Source) : null;
}
