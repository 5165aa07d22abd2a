using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;

namespace NearDup.Cli;

/// <summary>
/// A command's option values: from the command line, else from a settings file (<c>neardup.json</c>), else the
/// option's default. The file is one JSON object whose keys are long option names without the dashes
/// (<c>{"semantic": "off", "threshold": 0.6, "no-furniture": true, "index": "data/index"}</c>), read by every command
/// that takes options: a key applies to each command that has that option, and is passed over by the others; a key
/// no command has is refused. A key naming a command (<c>"scan"</c>, <c>"index add"</c>) holds settings for that
/// command alone, which win over the shared ones. Values go through the command's own parser, so a bad value is
/// refused with the same allowed values as on the command line.
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
    /// Adds <c>--config</c> to <paramref name="command"/> and runs <paramref name="action"/> with its settings. A file
    /// that cannot be used, or a <paramref name="required"/> option set neither on the command line nor in the file,
    /// stops the run (exit 1) with <c>neardup COMMAND: </c> and what is wrong; so does a file the command cannot write
    /// or open (its message names the path).
    /// </summary>
    public static void SetAction(Command command, Func<CommandSettings, CancellationToken, Task<int>> action, params Option[] required)
    {
        var config = new Option<string?>("--config")
        {
            Description = $"Settings file: one JSON object of option names without the dashes, e.g. {{\"semantic\": \"off\", \"index\": \"data/index\"}}. Default: {FileName} in the working folder, when there is one. Options on the command line win.",
        };
        command.Options.Add(config);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string name = "neardup " + PathOf(parse.CommandResult);
            var settings = Load(parse, parse.GetValue(config), out string? error);
            var missing = settings is null ? null : required.FirstOrDefault(o => !settings.IsSet(o));
            if (settings is null || missing is not null)
            {
                error ??= $"option '{missing!.Name}' is required: give it on the command line, or as \"{missing.Name[2..]}\" in {FileName} (or --config FILE)";
                await Console.Error.WriteLineAsync($"{name}: {error}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            try
            {
                return await action(settings, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file that cannot be written (a missing folder, a full disk, no permission) ends the run with
                // what and where, not a stack trace; input files have their own problems list.
                await Console.Error.WriteLineAsync($"{name}: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        });
    }

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
        string commandPath = PathOf(parse.CommandResult);
        var allowed = Settable(command).ToDictionary(o => o.Name[2..], StringComparer.Ordinal);
        var commands = new Dictionary<string, Command>(StringComparer.Ordinal);
        Leaves(parse.RootCommandResult.Command, string.Empty, commands);
        // Keys of the commands that read the file (those with --config); eval and synth do not.
        var known = commands.Values.Where(c => c.Options.Any(o => o.Name == "--config"))
            .SelectMany(Settable).Select(o => o.Name[2..]).ToHashSet(StringComparer.Ordinal);
        // The command's arguments get placeholder values: only the options are read from the file.
        string[] placeholders = [.. command.Arguments.Select(_ => "-")];
        // Each option's tokens, by option: a command's own section replaces what the shared keys set.
        var tokens = new Dictionary<Option, string[]>();
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = $"{path}: the settings must be one JSON object, not {Kind(json.RootElement)}";
                return null;
            }

            string allowedList = string.Join(", ", allowed.Keys.Order(StringComparer.Ordinal));
            JsonElement? own = null;
            foreach (var setting in json.RootElement.EnumerateObject())
            {
                if (commands.ContainsKey(setting.Name))
                {
                    if (setting.Value.ValueKind != JsonValueKind.Object)
                    {
                        error = $"{path}: \"{setting.Name}\" names a command: its value must be an object of that command's settings, not {Kind(setting.Value)}";
                        return null;
                    }

                    own = setting.Name == commandPath ? setting.Value : own;
                }
                else if (allowed.TryGetValue(setting.Name, out var option))
                {
                    error = Add(tokens, placeholders, command, option, setting.Name, setting.Value);
                }
                else if (!known.Contains(setting.Name))
                {
                    error = $"unknown setting \"{setting.Name}\": no command takes it; allowed for neardup {commandPath}: {allowedList}";
                }

                if (error is not null)
                {
                    error = $"{path}: {error}";
                    return null;
                }
            }

            // The command's own settings come last, so they win over the shared ones.
            if (own is { } section)
            {
                foreach (var setting in section.EnumerateObject())
                {
                    error = allowed.TryGetValue(setting.Name, out var option)
                        ? Add(tokens, placeholders, command, option, $"{commandPath}.{setting.Name}", setting.Value)
                        : $"unknown setting \"{commandPath}.{setting.Name}\": neardup {commandPath} has no option --{setting.Name}; allowed: {allowedList}";
                    if (error is not null)
                    {
                        error = $"{path}: {error}";
                        return null;
                    }
                }
            }
        }
        catch (JsonException e)
        {
            error = $"{path}: not valid JSON: {e.Message}";
            return null;
        }

        return new CommandSettings(parse, command.Parse([.. placeholders, .. tokens.Values.SelectMany(t => t)])) { Source = path };
    }

    /// <summary>The option's value: the command line's when given there, else the file's, else its default.</summary>
    public T? GetValue<T>(Option<T> option)
    {
        if (file is null || OnCommandLine(option))
        {
            return commandLine.GetValue(option);
        }

        return file.GetResult(option) is { Implicit: false } ? file.GetValue(option) : commandLine.GetValue(option);
    }

    /// <summary>The argument's value (arguments come from the command line only).</summary>
    public T? GetValue<T>(Argument<T> argument) => commandLine.GetValue(argument);

    /// <summary>Whether the option was given on the command line.</summary>
    public bool OnCommandLine(Option option) => commandLine.GetResult(option) is { Implicit: false };

    /// <summary>Whether the option was given on the command line or in the file.</summary>
    public bool IsSet(Option option) => OnCommandLine(option) || file?.GetResult(option) is { Implicit: false };

    /// <summary>The options a file may set: long names, but not --config, --help or --version.</summary>
    private static IEnumerable<Option> Settable(Command command) =>
        command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && !NotSettings.Contains(o.Name[2..]));

    /// <summary>Every command that runs (has no subcommands), by its path under the root ("scan", "index add").</summary>
    private static void Leaves(Command command, string path, Dictionary<string, Command> found)
    {
        foreach (var sub in command.Subcommands)
        {
            string subPath = path.Length == 0 ? sub.Name : path + " " + sub.Name;
            if (sub.Subcommands.Count == 0)
            {
                found[subPath] = sub;
            }
            else
            {
                Leaves(sub, subPath, found);
            }
        }
    }

    private static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r.Parent is CommandResult parent; r = parent)
        {
            names.Add(r.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Adds the tokens of one setting after checking them alone; the error names the key, the value given and what is allowed.</summary>
    private static string? Add(Dictionary<Option, string[]> tokens, string[] placeholders, Command command, Option option, string key, JsonElement value)
    {
        bool many = option.Arity.MaximumNumberOfValues > 1;
        var values = new List<string>();
        if (value.ValueKind == JsonValueKind.Array && many)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (Text(item) is not { } text)
                {
                    return $"setting \"{key}\": each item must be a string or a number, not {Kind(item)}";
                }

                values.Add(text);
            }
        }
        else if (Text(value) is { } text)
        {
            values.Add(text);
        }
        else
        {
            return $"setting \"{key}\" must be a string, a number, true or false{(many ? " (or a list of them)" : string.Empty)}, not {Kind(value)}";
        }

        string given = value.GetRawText();
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        // A flag takes no value on the command line: anything but true or false would be read as an argument.
        if (type == typeof(bool) && !bool.TryParse(values[0], out _))
        {
            return $"setting \"{key}\": {given} is not {Expected(type)}";
        }

        string[] own = [.. values.SelectMany(v => new[] { option.Name, v })];
        var parsed = command.Parse([.. placeholders, .. own]);
        if (parsed.Errors.Count > 0)
        {
            string message = parsed.Errors[0].Message;
            // The parser's type error names a CLR type; say what the option takes instead.
            return message.StartsWith("Cannot parse argument", StringComparison.Ordinal)
                ? $"setting \"{key}\": {given} is not {Expected(option.ValueType)}"
                : $"setting \"{key}\": {given} is not allowed: {string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}";
        }

        tokens[option] = own;
        return null;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(bool) ? "true or false"
            : t == typeof(int) || t == typeof(long) ? "a whole number"
            : t == typeof(double) || t == typeof(float) ? "a number"
            : "a value of type " + t.Name;
    }

    private static string Kind(JsonElement value) => value.ValueKind.ToString().ToLowerInvariant();
}
