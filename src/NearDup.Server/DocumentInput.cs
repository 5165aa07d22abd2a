namespace NearDup.Server;

/// <summary>One document as a request gives it.</summary>
internal sealed record DocumentInput(string? Id, string? Text, string? Url, string? Source, DateTimeOffset? Date)
{
    public Document ToDocument() => new(Id ?? "", Text ?? "") { Url = Url, Source = Source, Published = Date };
}
