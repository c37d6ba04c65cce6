using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Jobs;

public sealed class SqliteJobLeasesTests() : JobLeasesContract(new FreshSqliteDatabase("leases"));
