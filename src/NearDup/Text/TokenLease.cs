namespace NearDup.Text;

/// <summary>
/// A text's tokens in the calling thread's buffer (<see cref="Tokenizer.Lease"/>): valid until <see cref="Dispose"/>,
/// which gives the buffer back to the thread for its next text.
/// </summary>
internal ref struct TokenLease
{
    private Token[]? buffer;
    private readonly int count;

    internal TokenLease(Token[] buffer, int count)
    {
        this.buffer = buffer;
        this.count = count;
    }

    /// <summary>The tokens, in text order.</summary>
    public readonly ReadOnlySpan<Token> Tokens => buffer.AsSpan(0, count);

    /// <summary>Gives the buffer back to the thread; the tokens must not be read after.</summary>
    public void Dispose()
    {
        if (buffer is not null)
        {
            Tokenizer.GiveBack(buffer);
            buffer = null;
        }
    }
}
