namespace Vividly.Hub.Push;

/// <summary><c>dotnet run --project Vividly.Hub -- vapid-keys</c>: prints a new key pair as the two settings.</summary>
public static class VapidKeysCommand
{
    public const string Name = "vapid-keys";

    public static string Run()
    {
        var (publicKey, privateKey) = VapidKeys.Generate();
        return $"VAPID_PUBLIC_KEY={publicKey}\nVAPID_PRIVATE_KEY={privateKey}\n";
    }
}
