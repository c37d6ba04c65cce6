using Vividly.Hub.Tests.Stores;

namespace Vividly.Hub.Tests.Preferences;

public sealed class SqlitePreferencesStoreTests() : PreferencesStoreContract(new FreshSqliteDatabase("preferences"));
