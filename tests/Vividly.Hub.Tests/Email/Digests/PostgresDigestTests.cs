using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Email.Digests;

public sealed class PostgresDigestTests(PostgresFixture postgres) : DigestContract(new FreshPostgresDatabase(postgres)), IClassFixture<PostgresFixture>;
