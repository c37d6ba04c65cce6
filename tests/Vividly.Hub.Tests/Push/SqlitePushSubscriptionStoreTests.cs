using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Push;

public sealed class SqlitePushSubscriptionStoreTests() : PushSubscriptionStoreContract(new FreshSqliteDatabase("push"));
