using Vividly.Hub.Client.Contract;
using Vividly.Hub.Inbox;

namespace Vividly.Hub.Notifications;

/// <summary>One publish of several: its answer, or why the store could not take it (maybe stored: retry with its key).</summary>
public sealed record PublishOutcome(PublishResult? Result, StoreUnavailableException? Unavailable);
