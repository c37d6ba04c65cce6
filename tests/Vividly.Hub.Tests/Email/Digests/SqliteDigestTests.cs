using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Email.Digests;

public sealed class SqliteDigestTests() : DigestContract(new FreshSqliteDatabase("digest"));
