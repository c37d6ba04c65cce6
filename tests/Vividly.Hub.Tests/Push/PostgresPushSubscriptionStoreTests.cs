using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Push;

public sealed class PostgresPushSubscriptionStoreTests(PostgresFixture postgres) : PushSubscriptionStoreContract(new FreshPostgresDatabase(postgres)), IClassFixture<PostgresFixture>;
