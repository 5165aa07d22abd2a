namespace NearDup.Index;

/// <summary>A stored API key: only the SHA-256 of the key is kept, never the key.</summary>
/// <param name="Id">Short public name of the key (the first characters of its hash), for listing and revoking.</param>
/// <param name="Hash">SHA-256 of the key, lower-case hex.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Name">A label given when it was made.</param>
/// <param name="Created">When it was made.</param>
/// <param name="Revoked">When it was revoked, or null while valid.</param>
internal sealed record ApiKey(string Id, string Hash, ApiKeyRole Role, string Name, DateTimeOffset Created, DateTimeOffset? Revoked);
