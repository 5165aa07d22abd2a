namespace NearDup.Pipeline;

/// <summary>A stretch of a document that is page furniture, not article text.</summary>
/// <param name="Kind">Spliced into one copy (<see cref="FurnitureKind.Intrusion"/>) or learned across the corpus
/// (<see cref="FurnitureKind.Boilerplate"/>).</param>
internal sealed record Furniture(int Document, TextSpan Span, FurnitureKind Kind, string Reason, double Score);
