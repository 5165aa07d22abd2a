namespace NearDup.Index;

/// <summary>Every member of story <paramref name="From"/> joins story <paramref name="To"/> (two stories merged).</summary>
internal readonly record struct StoryMove(long From, long To);
