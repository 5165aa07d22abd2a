namespace NearDup.Index;

/// <summary>A story of the index: its members (ids, in order of adding) and the relations among them.</summary>
/// <param name="Id">The story's number: the smallest document number among its members.</param>
/// <param name="Members">Ids of the members.</param>
/// <param name="Canonical">The member to show for all: most tokens, then added first.</param>
/// <param name="Relations">Every stored relation between two members.</param>
public sealed record IndexStory(long Id, IReadOnlyList<string> Members, string Canonical, IReadOnlyList<DocumentRelation> Relations);
