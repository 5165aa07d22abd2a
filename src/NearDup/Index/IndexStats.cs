namespace NearDup.Index;

/// <summary>Counts of an index.</summary>
/// <param name="Documents">Documents held.</param>
/// <param name="Stories">Stories (a document without relations is a story of one).</param>
/// <param name="Relations">Relations stored.</param>
/// <param name="Postings">Band, winnow and content postings.</param>
/// <param name="Bytes">Size on disk (the database and its write-ahead log), 0 in memory.</param>
public sealed record IndexStats(long Documents, long Stories, long Relations, long Postings, long Bytes);
