namespace NearDup.Pipeline;

/// <summary>A stretch of a document that is page furniture, not article text.</summary>
/// <param name="Kind"><c>intrusion</c>: spliced into one copy of a story and aligned with nothing in the others;
/// <c>boilerplate</c>: recurs across unrelated documents of the corpus.</param>
public sealed record Furniture(int Document, TextSpan Span, string Kind, string Reason, double Score);
