using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Channels;

public sealed class PostgresDispatcherTests(PostgresFixture postgres) : DispatcherContract(new FreshPostgresDatabase(postgres)), IClassFixture<PostgresFixture>;
