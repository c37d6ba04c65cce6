using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Channels;

public sealed class SqliteDispatcherTests() : DispatcherContract(new FreshSqliteDatabase("dispatcher"));
