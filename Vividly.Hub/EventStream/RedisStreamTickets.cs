using System.Text.Json;
using StackExchange.Redis;
using Vividly.Hub.Client.Contract;
using Vividly.Hub.Redis;

namespace Vividly.Hub.EventStream;

/// <summary>
/// Tickets in Redis, so one issued by any instance opens the stream on any other: each is a key
/// that lapses with the ticket (Redis bounds them) and is read and deleted in one command
/// (GETDEL), so it opens one stream at most.
/// </summary>
public sealed class RedisStreamTickets(RedisConnection redis, TimeProvider timeProvider) : IStreamTickets
{
    public async Task<StreamTicket> IssueAsync(TicketHolder holder)
    {
        var ticket = TicketText.New();
        var value = JsonSerializer.SerializeToUtf8Bytes(holder, ContractJson.Options);
        await redis.RunAsync(connection => connection.GetDatabase().StringSetAsync(Key(ticket), value, IStreamTickets.Lifetime));
        return new StreamTicket(ticket, timeProvider.GetUtcNow() + IStreamTickets.Lifetime);
    }

    public async Task<TicketHolder?> RedeemAsync(string ticket)
    {
        var value = await redis.RunAsync(connection => connection.GetDatabase().StringGetDeleteAsync(Key(ticket)));
        return value.IsNull ? null : JsonSerializer.Deserialize<TicketHolder>((byte[])value!, ContractJson.Options);
    }

    private static RedisKey Key(string ticket) => $"{RedisOptions.KeyPrefix}:stream-ticket:{ticket}";
}
