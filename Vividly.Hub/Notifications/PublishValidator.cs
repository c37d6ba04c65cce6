using System.Text.Json;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;
using Vividly.Hub.Shared;

namespace Vividly.Hub.Notifications;

/// <summary>The contract's rules for a publish; errors are keyed by the wire's field names.</summary>
public static class PublishValidator
{
    public const int MaxUserIdLength = 128;
    public const int MaxTitleLength = 200;
    public const int MaxMessageLength = 2000;
    public const int MaxIdempotencyKeyLength = 200;
    public const int MaxNotificationBytes = 16 * 1024;

    /// <summary>A generous guess at what the stored fields (id, seq, times) add to the request's own JSON.</summary>
    private const int StoredFieldsAllowance = 160;

    public static Dictionary<string, string[]> Validate(PublishRequest? request, out NewNotification? notification)
    {
        notification = null;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request is null)
        {
            errors["body"] = ["A JSON publish request is required."];
            return errors;
        }

        Require(errors, "user_id", request.UserId, MaxUserIdLength);
        Require(errors, "title", request.Title, MaxTitleLength);
        if (request.Message is null)
            errors["message"] = ["message is required."];
        else if (request.Message.Length > MaxMessageLength)
            errors["message"] = [$"message must be at most {MaxMessageLength} characters."];
        else
            CheckText(errors, "message", request.Message, multiline: true);
        if (request.Type is null || !NotificationTypes.All.Contains(request.Type))
            errors["type"] = [$"type must be one of: {string.Join(", ", NotificationTypes.All)}."];
        var priority = request.Priority ?? NotificationPriorities.Normal;
        if (!NotificationPriorities.All.Contains(priority))
            errors["priority"] = [$"priority must be one of: {string.Join(", ", NotificationPriorities.All)}."];
        if (request.IdempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
            errors["idempotency_key"] = [$"idempotency_key must be 1 to {MaxIdempotencyKeyLength} characters."];
        else if (request.IdempotencyKey is { } key)
            CheckText(errors, "idempotency_key", key, multiline: false);
        if (request.Payload is { } payload && PayloadRules.Check(payload) is { } payloadError)
            errors["payload"] = [payloadError];
        if (errors.Count > 0) return errors;

        var size = JsonSerializer.SerializeToUtf8Bytes(request, ContractJson.Options).Length + StoredFieldsAllowance;
        if (size > MaxNotificationBytes)
        {
            errors["payload"] = [$"The notification must be at most {MaxNotificationBytes} bytes of JSON."];
            return errors;
        }

        notification = new NewNotification(request.UserId, request.Type!, request.Title, request.Message!, priority, request.Payload, request.IdempotencyKey);
        return errors;
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors[field] = [$"{field} is required."];
        else if (value.Length > maxLength)
            errors[field] = [$"{field} must be at most {maxLength} characters."];
        else
            CheckText(errors, field, value, multiline: false);
    }

    private static void CheckText(Dictionary<string, string[]> errors, string field, string value, bool multiline)
    {
        if (!TextRules.IsWellFormed(value))
            errors[field] = [$"{field} must be valid Unicode: no unpaired surrogates."];
        else if (!TextRules.HasNoControls(value, multiline))
            errors[field] = [multiline
                ? $"{field} must not hold control characters other than tab, line feed and carriage return."
                : $"{field} must not hold control characters."];
    }
}
