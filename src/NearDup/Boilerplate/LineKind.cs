namespace NearDup.Boilerplate;

/// <summary>How one line of text reads, judged from its shape and wording alone.</summary>
internal enum LineKind
{
    /// <summary>Article prose: a long line or one ending as a sentence does.</summary>
    Prose,

    /// <summary>A short line without final punctuation (a link, a menu item, a teaser headline in sentence case).</summary>
    Short,

    /// <summary>A short line in Title Case without final period: a headline or teaser.</summary>
    Headline,

    /// <summary>A line carrying a furniture cue: "Read more", "Related", "Sign up", a correction notice, a photo credit.</summary>
    Cue,
}
