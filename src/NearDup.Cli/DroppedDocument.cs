using NearDup.Pipeline;

namespace NearDup.Cli;

/// <summary>One document <c>neardup dedup</c> drops: the kept document it duplicates, and the relation that says so.</summary>
internal sealed record DroppedDocument(DocumentInfo Document, DocumentInfo DuplicateOf, DocumentRelation Relation);
