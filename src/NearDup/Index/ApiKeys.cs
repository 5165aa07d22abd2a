using System.Security.Cryptography;
using System.Text;

namespace NearDup.Index;

/// <summary>Makes and checks API keys: a key is 32 random bytes, shown once; the store keeps only its SHA-256.</summary>
internal static class ApiKeys
{
    private const string Prefix = "nd_";

    /// <summary>Makes a key with <paramref name="role"/>, stores its hash, and returns the key (the only time it is seen) and its record.</summary>
    public static async Task<(string Key, ApiKey Record)> CreateAsync(IIndexStore store, ApiKeyRole role, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(name);
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "role must be Read or Write.");
        }

        string key = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string hash = Hash(key);
        var record = new ApiKey(hash[..12], hash, role, name, DateTimeOffset.UtcNow, null);
        await store.AddKeyAsync(record, cancellationToken).ConfigureAwait(false);
        return (key, record);
    }

    /// <summary>The valid (not revoked) key record of <paramref name="key"/>, or null.</summary>
    public static async Task<ApiKey?> VerifyAsync(IIndexStore store, string? key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (string.IsNullOrEmpty(key) || key.Length > 256)
        {
            return null;
        }

        var record = await store.FindKeyAsync(Hash(key), cancellationToken).ConfigureAwait(false);
        return record is { Revoked: null } ? record : null;
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
