namespace Vividly.Hub.Tests;

/// <summary>A publish body to throw at the hub, and the field it must be refused for, or null when it must be stored and read back.</summary>
public sealed record HostileInput(string Body, string? RefusedField);

/// <summary>
/// Publish bodies that have broken this service or services like it: deep nesting, broken
/// UTF-16, control characters, edge-of-limit lengths, odd numbers and odd shapes. Bodies are raw
/// JSON so escapes reach the server as written; <c>{user}</c> stands for a user no other case touches.
/// </summary>
public static class HostileInputs
{
    public const string UserToken = "{user}";

    public static IReadOnlyDictionary<string, HostileInput> All { get; } = new Dictionary<string, HostileInput>
    {
        ["payload arrays at the depth limit"] = Accepted(payload: $$"""{"a":{{Arrays(31)}}}"""),
        ["payload arrays one level too deep"] = Refused("payload", payload: $$"""{"a":{{Arrays(32)}}}"""),
        ["payload objects at the depth limit"] = Accepted(payload: Objects(32)),
        ["payload objects one level too deep"] = Refused("payload", payload: Objects(33)),
        ["payload arrays as deep as SignalR's JSON reader goes"] = Refused("payload", payload: $$"""{"a":{{Arrays(60)}}}"""),
        ["payload arrays one level deeper than SignalR's JSON reader goes"] = Refused("payload", payload: $$"""{"a":{{Arrays(61)}}}"""),
        ["payload arrays deeper than the JSON readers go"] = Refused("payload", payload: $$"""{"a":{{Arrays(200)}}}"""),
        ["lone high surrogate in a payload value"] = Refused("payload", payload: """{"x":"\ud800"}"""),
        ["lone low surrogate in a payload value"] = Refused("payload", payload: """{"x":"a\udc00b"}"""),
        ["reversed surrogate pair in a nested payload value"] = Refused("payload", payload: """{"x":[{"y":"\udc00\ud800"}]}"""),
        ["lone surrogate in a payload property name"] = Refused("payload", payload: """{"\ud800":1}"""),
        ["lone surrogate in title"] = Refused("title", title: "\"\\ud800\""),
        ["lone surrogate in message"] = Refused("message", message: "\"ok \\udfff\""),
        ["lone surrogate in user_id"] = Refused("user_id", user: "\"{user}\\ud800\""),
        ["lone surrogate in idempotency_key"] = Refused("idempotency_key", key: "\"k\\ud800\""),
        ["NUL in title"] = Refused("title", title: "\"a\\u0000b\""),
        ["NUL in message"] = Refused("message", message: "\"a\\u0000b\""),
        ["NUL in user_id"] = Refused("user_id", user: "\"{user}\\u0000\""),
        ["NUL in idempotency_key"] = Refused("idempotency_key", key: "\"k\\u0000\""),
        ["escape character in title"] = Refused("title", title: "\"\\u001b[31mred\""),
        ["line feed in title"] = Refused("title", title: "\"two\\nlines\""),
        ["DEL in user_id"] = Refused("user_id", user: "\"{user}\\u007f\""),
        ["C1 control in idempotency_key"] = Refused("idempotency_key", key: "\"k\\u0085\""),
        ["bell in message"] = Refused("message", message: "\"ding\\u0007\""),
        ["tab and line breaks in message"] = Accepted(message: "\"one\\ttwo\\r\\nthree\\n\""),
        ["NUL and controls in a payload string"] = Accepted(payload: """{"x":"a\u0000b\u001bc"}"""),
        ["U+FFFF and U+FFFE"] = Accepted(title: "\"\\uffff\\ufffe\"", message: "\"\uffff\"", payload: """{"\ufffe":"\uffff"}"""),
        ["emoji as escaped pairs and raw"] = Accepted(title: "\"\\ud83c\\udf89 done\"", message: "\"🎬 ready 👩🏽‍🔬\"", payload: """{"😀":"\ud83d\ude00"}""", key: "\"k-🔑\""),
        ["right-to-left override"] = Accepted(title: "\"\\u202egnp.exe\"", message: "\"\u202Bمرحبا\u202C\"", payload: """{"x":"\u202e"}"""),
        ["title at its limit"] = Accepted(title: Text(200)),
        ["title over its limit"] = Refused("title", title: Text(201)),
        ["message at its limit"] = Accepted(message: Text(2000)),
        ["message over its limit"] = Refused("message", message: Text(2001)),
        ["user_id at its limit"] = Accepted(user: "\"{user}" + new string('u', 128 - 34) + "\""),
        ["user_id over its limit"] = Refused("user_id", user: "\"{user}" + new string('u', 129 - 34) + "\""),
        ["idempotency_key at its limit"] = Accepted(key: Text(200)),
        ["idempotency_key over its limit"] = Refused("idempotency_key", key: Text(201)),
        ["payload of 15,000 characters"] = Accepted(payload: $$"""{"blob":{{Text(15_000)}}}"""),
        ["payload over the notification size"] = Refused("payload", payload: $$"""{"blob":{{Text(16_400)}}}"""),
        ["numbers beyond double and long"] = Accepted(payload: """{"big":1e400,"huge":123456789012345678901234567890,"tiny":-1e-400}"""),
        ["repeated payload property"] = Refused("payload", payload: """{"a":1,"a":2}"""),
        ["repeated nested payload property"] = Refused("payload", payload: """{"x":{"a":1,"a":2}}"""),
        ["repeated top-level field"] = Refused("user_id", extra: ""","user_id":"someone-else" """),
        ["empty title"] = Refused("title", title: "\"\""),
        ["empty message"] = Accepted(message: "\"\""),
        ["empty idempotency_key"] = Refused("idempotency_key", key: "\"\""),
        ["empty user_id"] = Refused("user_id", user: "\"\""),
        ["whitespace-only user_id"] = Refused("user_id", user: "\"  \\t \""),
        ["null payload"] = Accepted(payload: "null"),
        ["empty payload"] = Accepted(payload: "{}"),
        ["payload as an array"] = Refused("payload", payload: "[1,2]"),
        ["payload as a string"] = Refused("payload", payload: "\"{}\""),
        ["payload as a number"] = Refused("payload", payload: "42"),
        ["title as a number"] = Refused("title", title: "42"),
        ["NUL in type"] = Refused("type", type: "\"system.announcement\\u0000\""),
    };

    public static TheoryData<string> Names => [.. All.Keys];

    /// <summary>The named case with its body for a user no other case touches.</summary>
    public static (HostileInput Input, string User, string Body) ForNewUser(string name)
    {
        var input = All[name];
        var user = NewUser();
        return (input, user, input.Body.Replace(UserToken, user, StringComparison.Ordinal));
    }

    /// <summary>A user id of exactly 34 characters, which the length cases count on.</summary>
    public static string NewUser() => $"h{Guid.NewGuid():N}x";

    private static HostileInput Accepted(string? user = null, string? title = null, string? message = null, string? payload = null, string? key = null) =>
        new(Body(user, title, message, payload, key, null, ""), null);

    private static HostileInput Refused(string field, string? user = null, string? title = null, string? message = null, string? payload = null,
        string? key = null, string? type = null, string extra = "") =>
        new(Body(user, title, message, payload, key, type, extra), field);

    private static string Body(string? user, string? title, string? message, string? payload, string? key, string? type, string extra) =>
        $$"""{"user_id":{{user ?? $"\"{UserToken}\""}},"type":{{type ?? "\"system.announcement\""}},"title":{{title ?? "\"Ready\""}},"message":{{message ?? "\"Your video\""}}"""
        + (payload is null ? "" : $$""","payload":{{payload}}""")
        + (key is null ? "" : $$""","idempotency_key":{{key}}""")
        + extra + "}";

    private static string Text(int length) => $"\"{new string('x', length)}\"";

    private static string Arrays(int depth) => new string('[', depth) + new string(']', depth);

    private static string Objects(int levels) => levels == 0 ? "1" : $$"""{"a":{{Objects(levels - 1)}}}""";
}
