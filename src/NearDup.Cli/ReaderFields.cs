using System.CommandLine;
using NearDup.Read;

namespace NearDup.Cli;

/// <summary>The JSON Lines/CSV field options that every command reading a corpus takes, with the readers' defaults.</summary>
internal sealed class ReaderFields
{
    private ReaderFields()
    {
        var reading = ReaderOptions.Default;
        Id = new Option<string>("--id-field") { Description = "JSON Lines: field holding the document id.", DefaultValueFactory = _ => reading.IdField };
        Text = new Option<string>("--text-field") { Description = "JSON Lines: field holding the text.", DefaultValueFactory = _ => reading.TextField };
        Url = new Option<string?>("--url-field") { Description = "JSON Lines: field holding the url.", DefaultValueFactory = _ => reading.UrlField };
        Source = new Option<string?>("--source-field") { Description = "JSON Lines: field holding the outlet.", DefaultValueFactory = _ => reading.SourceField };
        Date = new Option<string?>("--date-field") { Description = "JSON Lines: field holding the publication time.", DefaultValueFactory = _ => reading.DateField };
    }

    public Option<string> Id { get; }

    public Option<string> Text { get; }

    public Option<string?> Url { get; }

    public Option<string?> Source { get; }

    public Option<string?> Date { get; }

    public static ReaderFields Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(Id);
        command.Options.Add(Text);
        command.Options.Add(Url);
        command.Options.Add(Source);
        command.Options.Add(Date);
    }

    /// <summary>Reader options from the parsed fields.</summary>
    public ReaderOptions Options(CommandSettings parse) => new()
    {
        IdField = parse.GetValue(Id)!,
        TextField = parse.GetValue(Text)!,
        UrlField = parse.GetValue(Url),
        SourceField = parse.GetValue(Source),
        DateField = parse.GetValue(Date),
    };
}
