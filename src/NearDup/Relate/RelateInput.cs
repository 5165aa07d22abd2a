using NearDup.Align;

namespace NearDup.Relate;

/// <summary>What the <see cref="Relater"/> needs about one candidate pair.</summary>
/// <param name="A">Ordinal of the first document.</param>
/// <param name="B">Ordinal of the second document.</param>
/// <param name="TokenCountA">Tokens in A.</param>
/// <param name="TokenCountB">Tokens in B.</param>
/// <param name="ContentHashEqual">Whether the exact hashes of both normalized texts are equal.</param>
/// <param name="Alignment">A aligned with B (<see cref="Alignment.None"/> when not aligned).</param>
internal readonly record struct RelateInput(
    int A,
    int B,
    int TokenCountA,
    int TokenCountB,
    bool ContentHashEqual,
    Alignment Alignment);
