namespace NearDup.Index.Redis;

/// <summary>A primary's replica did not confirm a commit in time (WAIT); the commit is retried.</summary>
internal sealed class RedisReplicasNotAcknowledgedException(string message) : Exception(message);
