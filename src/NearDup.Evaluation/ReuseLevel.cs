namespace NearDup.Evaluation;

/// <summary>How much of a text was taken from its source, in Clough and Stevenson's (2011) ordered levels.</summary>
public enum ReuseLevel
{
    /// <summary>Written independently (<c>non</c>).</summary>
    None,

    /// <summary>Heavy revision: rewritten, restructured (<c>heavy</c>).</summary>
    Heavy,

    /// <summary>Light revision: copied with words changed (<c>light</c>).</summary>
    Light,

    /// <summary>Cut and paste (<c>cut</c>).</summary>
    Cut,
}
