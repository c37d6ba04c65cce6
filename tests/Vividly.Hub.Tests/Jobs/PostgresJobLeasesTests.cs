using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Jobs;

public sealed class PostgresJobLeasesTests(PostgresFixture postgres) : JobLeasesContract(new FreshPostgresDatabase(postgres)), IClassFixture<PostgresFixture>;
