using System.CommandLine;
using System.Text.Json;

namespace NearDup.Cli;

/// <summary>
/// A command's option values: from the command line, else from a settings file (<c>neardup.json</c>), else the
/// option's default. The file is one JSON object whose keys are the command's long option names without the dashes
/// (<c>{"semantic": "off", "threshold": 0.6, "no-furniture": true}</c>); its values go through the command's own
/// parser, so a bad value is refused with the same message and the same allowed values as on the command line.
/// </summary>
internal sealed class CommandSettings
{
    /// <summary>The file looked up in the working folder when no <c>--config</c> is given.</summary>
    public const string FileName = "neardup.json";

    private static readonly HashSet<string> NotSettings = new(StringComparer.Ordinal) { "config", "help", "version" };

    private readonly ParseResult commandLine;
    private readonly ParseResult? file;

    private CommandSettings(ParseResult commandLine, ParseResult? file)
    {
        this.commandLine = commandLine;
        this.file = file;
    }

    /// <summary>Where the settings came from: the file's path, or null when there was none.</summary>
    public string? Source { get; private init; }

    /// <summary>
    /// The settings of <paramref name="parse"/>'s command, with the file <paramref name="configPath"/> (or
    /// <see cref="FileName"/> in the working folder, when present) under the command line. Null, with
    /// <paramref name="error"/> saying what is wrong and what is allowed, when the file cannot be used.
    /// </summary>
    public static CommandSettings? Load(ParseResult parse, string? configPath, out string? error)
    {
        error = null;
        string? path = configPath ?? (File.Exists(FileName) ? Path.GetFullPath(FileName) : null);
        if (path is null)
        {
            return new CommandSettings(parse, null);
        }

        if (!File.Exists(path))
        {
            error = $"settings file not found: {path}";
            return null;
        }

        var command = parse.CommandResult.Command;
        var tokens = new List<string>();
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"{path}: the settings must be one JSON object, not {json.RootElement.ValueKind.ToString().ToLowerInvariant()}";
                return null;
            }

            var allowed = command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && !NotSettings.Contains(o.Name[2..]))
                .ToDictionary(o => o.Name[2..], StringComparer.Ordinal);
            foreach (var setting in json.RootElement.EnumerateObject())
            {
                if (!allowed.TryGetValue(setting.Name, out var option))
                {
                    error = $"{path}: unknown setting \"{setting.Name}\"; allowed: {string.Join(", ", allowed.Keys.Order(StringComparer.Ordinal))}";
                    return null;
                }

                if (!AddTokens(tokens, option, setting.Value))
                {
                    error = $"{path}: setting \"{setting.Name}\" must be a string, a number, true or false, not {setting.Value.ValueKind.ToString().ToLowerInvariant()}";
                    return null;
                }
            }
        }
        catch (JsonException e)
        {
            error = $"{path}: not valid JSON: {e.Message}";
            return null;
        }

        // The command's required arguments are given placeholder values: only the options are read from this parse.
        var placeholders = command.Arguments.Select(_ => "-");
        var fromFile = command.Parse([.. placeholders, .. tokens]);
        if (fromFile.Errors.Count > 0)
        {
            error = $"{path}: {fromFile.Errors[0].Message}";
            return null;
        }

        return new CommandSettings(parse, fromFile) { Source = path };
    }

    /// <summary>The option's value: the command line's when given there, else the file's, else its default.</summary>
    public T? GetValue<T>(Option<T> option)
    {
        if (file is null || commandLine.GetResult(option) is { Implicit: false })
        {
            return commandLine.GetValue(option);
        }

        return file.GetResult(option) is { Implicit: false } ? file.GetValue(option) : commandLine.GetValue(option);
    }

    private static bool AddTokens(List<string> tokens, Option option, JsonElement value)
    {
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        if (text is null)
        {
            return false;
        }

        tokens.Add(option.Name);
        tokens.Add(text);
        return true;
    }
}
