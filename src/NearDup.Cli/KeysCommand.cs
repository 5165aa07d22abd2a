using System.CommandLine;
using NearDup.Index;

namespace NearDup.Cli;

/// <summary><c>neardup keys add|list|revoke</c>: the API keys of an index's service.</summary>
internal static class KeysCommand
{
    public static Command Create() => new("keys", "API keys for neardup serve: made here, printed once, stored hashed.")
    {
        Add(), List(), Revoke(),
    };

    private static Command Add()
    {
        var role = new Option<string>("--role") { Description = "read (match and read) or write (also add and remove). Required (here or in neardup.json)." };
        role.AcceptOnlyFromAmong("read", "write");
        var name = new Option<string>("--name") { Description = "A label for the key.", DefaultValueFactory = _ => "" };
        var index = IndexCommand.IndexOption();
        var command = new Command("add", "Make a key; it is printed once and only its hash is stored.") { role, name, index };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            using var opened = await IndexCommand.OpenAsync(parse.GetValue(index)!, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            var chosen = parse.GetValue(role) == "write" ? ApiKeyRole.Write : ApiKeyRole.Read;
            var (key, record) = await ApiKeys.CreateAsync(opened.Store, chosen, parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            Console.WriteLine(key);
            await Console.Error.WriteLineAsync($"key {record.Id} ({parse.GetValue(role)}): keep it now, it is not shown again").ConfigureAwait(false);
            return ExitCodes.Ok;
        }, index, role);
        return command;
    }

    private static Command List()
    {
        var index = IndexCommand.IndexOption();
        var command = new Command("list", "The keys: id, role, name, made, revoked (never the key).") { index };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            using var opened = await IndexCommand.OpenAsync(parse.GetValue(index)!, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            foreach (var key in await opened.Store.ListKeysAsync(cancellationToken).ConfigureAwait(false))
            {
                string role = key.Role == ApiKeyRole.Write ? "write" : "read";
                Console.WriteLine($"{key.Id}\t{role}\t{key.Name}\t{key.Created:O}\t{(key.Revoked is { } r ? "revoked " + r.ToString("O") : "valid")}");
            }

            return ExitCodes.Ok;
        }, index);
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("id") { Description = "The key's id, as keys list shows it." };
        var index = IndexCommand.IndexOption();
        var command = new Command("revoke", "Revoke a key: requests with it get 401 from then on.") { id, index };
        CommandSettings.SetAction(command, async (parse, cancellationToken) =>
        {
            using var opened = await IndexCommand.OpenAsync(parse.GetValue(index)!, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.Failed;
            }

            if (!await opened.Store.RevokeKeyAsync(parse.GetValue(id)!, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false))
            {
                await Console.Error.WriteLineAsync($"neardup keys revoke: no valid key '{parse.GetValue(id)}'").ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            Console.WriteLine($"revoked {parse.GetValue(id)}");
            return ExitCodes.Ok;
        }, index);
        return command;
    }
}
