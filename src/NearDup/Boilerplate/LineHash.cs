namespace NearDup.Boilerplate;

/// <summary>A line's normalized words as one order-sensitive hash, and how many words it has (case and punctuation do not count).</summary>
internal readonly record struct LineHash(ulong Hash, int Count);
