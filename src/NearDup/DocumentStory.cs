namespace NearDup;

/// <summary>A story: documents joined by relations, named by id, with the member to show for all of them.</summary>
/// <param name="Id">Index of the story in the result (stories ordered by their first member in input order).</param>
/// <param name="Members">Ids of the members, in input order.</param>
/// <param name="Canonical">Id of the most complete member: most words, then earliest published, then first read.</param>
/// <param name="Relations">Every relation with both ends in the story.</param>
public sealed record DocumentStory(int Id, IReadOnlyList<string> Members, string Canonical, IReadOnlyList<DocumentRelation> Relations);
