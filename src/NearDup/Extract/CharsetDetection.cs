using System.Text;

namespace NearDup.Extract;

/// <summary>The encoding chosen for a page's bytes, why, and how many leading bytes are a byte-order mark.</summary>
/// <param name="Encoding">Decoder to use (never throws on bad bytes: they become U+FFFD).</param>
/// <param name="Name">WHATWG-style label of the encoding ("utf-8", "windows-1252", "shift_jis").</param>
/// <param name="Source">Where the choice came from.</param>
/// <param name="PreambleLength">Bytes of byte-order mark to skip before decoding.</param>
/// <param name="Warning">Set when a declaration was unknown or overruled, saying which and why.</param>
internal sealed record CharsetDetection(Encoding Encoding, string Name, CharsetSource Source, int PreambleLength, string? Warning);
