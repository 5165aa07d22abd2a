using NearDup.Relate;

namespace NearDup.Group;

/// <summary>A story: documents joined by relations, with the member to show for all of them.</summary>
/// <param name="Id">Index of the story in the grouper's output (stories ordered by their smallest member).</param>
/// <param name="Members">Document ordinals, ascending.</param>
/// <param name="Canonical">The most complete member: most tokens, then earliest published, then smallest ordinal.</param>
/// <param name="Relations">Every given relation with both ends in the story, joining or not.</param>
internal sealed record Story(int Id, IReadOnlyList<int> Members, int Canonical, IReadOnlyList<Relation> Relations);
