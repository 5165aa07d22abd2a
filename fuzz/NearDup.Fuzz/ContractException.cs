namespace NearDup.Fuzz;

/// <summary>A fuzz target broke the readers' contract without throwing; AFL records it as a crash.</summary>
public sealed class ContractException(string message) : Exception("contract broken: " + message);
