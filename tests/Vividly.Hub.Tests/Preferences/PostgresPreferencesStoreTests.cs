using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Preferences;

public sealed class PostgresPreferencesStoreTests(PostgresFixture postgres) : PreferencesStoreContract(new FreshPostgresDatabase(postgres)), IClassFixture<PostgresFixture>;
