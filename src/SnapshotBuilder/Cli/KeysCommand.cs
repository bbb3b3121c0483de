using System.CommandLine;
using Layers.Catalog.Keys;
using Layers.Catalog.Stores;
using Layers.SnapshotBuilder.Reporting;

namespace Layers.SnapshotBuilder.Cli;

/// <summary>
/// <c>SnapshotBuilder keys create|revoke|list</c>. <c>create</c> prints the new key, and nothing else, on
/// stdout — the only time a plain key ever exists outside its owner; the store keeps its SHA-256.
/// </summary>
public static class KeysCommand
{
    private static readonly HashSet<string> KnownScopes = [Scopes.PublishRead];

    public static Command Create()
    {
        var keys = new Command("keys", "Manage API keys in the store");
        keys.Subcommands.Add(CreateKey());
        keys.Subcommands.Add(RevokeKey());
        keys.Subcommands.Add(ListKeys());
        return keys;
    }

    private static Option<string> StoreOption() => StoreCommand.StoreOption();

    private static Option<string> IdOption() =>
        new Option<string>("--id") { Description = "The key's name (not secret)", Required = true }
            .Require(value => !string.IsNullOrWhiteSpace(value) && value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'),
                _ => "--id must be 1-64 characters of letters, digits, '-', '_' or '.'");

    private static Command CreateKey()
    {
        var store = StoreOption();
        var id = IdOption();
        var scopes = new Option<string[]>("--scope") { Description = "A scope the key carries (repeatable): publish:read", Required = true, Arity = ArgumentArity.OneOrMore };
        scopes.Validators.Add(result =>
        {
            foreach (string scope in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!KnownScopes.Contains(scope))
                {
                    result.AddError($"unknown scope '{scope}'; known: {string.Join(", ", KnownScopes)}");
                }
            }
        });
        var expires = new Option<DateTimeOffset?>("--expires") { Description = "Expiry, ISO-8601 (e.g. 2027-01-31T00:00:00Z)" };

        var command = new Command("create", "Create a key and print it (once)") { store, id, scopes, expires };
        command.SetAction((parse, cancellationToken) => WithKeyStore(parse.GetValue(store)!, forWriting: true, async keyStore =>
        {
            string name = parse.GetValue(id)!;
            string key = ApiKeys.Generate();
            var record = new KeyRecord(name, ApiKeys.Hash(key), parse.GetValue(scopes)!.Distinct().ToArray(), false, parse.GetValue(expires)?.ToUniversalTime())
            {
                CreatedAt = DateTimeOffset.UtcNow,
            };
            bool exists = false;
            await keyStore.UpdateAsync(file =>
            {
                exists = file.Keys.Any(k => k.Id == name);
                return exists ? file : new KeyFile([.. file.Keys, record]);
            }, cancellationToken);
            if (exists)
            {
                await Console.Error.WriteLineAsync($"error: a key with id '{name}' already exists; revoke it and choose a new id");
                return ExitCodes.Failed;
            }
            await Console.Out.WriteLineAsync(key);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command RevokeKey()
    {
        var store = StoreOption();
        var id = IdOption();
        var command = new Command("revoke", "Revoke a key by id") { store, id };
        command.SetAction((parse, cancellationToken) => WithKeyStore(parse.GetValue(store)!, forWriting: false, async keyStore =>
        {
            string name = parse.GetValue(id)!;
            bool found = false;
            await keyStore.UpdateAsync(file =>
            {
                found = file.Keys.Any(k => k.Id == name);
                return new KeyFile([.. file.Keys.Select(k => k.Id == name ? k with { Revoked = true } : k)]);
            }, cancellationToken);
            if (!found)
            {
                await Console.Error.WriteLineAsync($"error: no key with id '{name}'");
                return ExitCodes.Failed;
            }
            await Console.Error.WriteLineAsync($"revoked '{name}'");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ListKeys()
    {
        var store = StoreOption();
        var command = new Command("list", "List keys (ids, scopes, state; never a key or its hash)") { store };
        command.SetAction((parse, cancellationToken) => WithKeyStore(parse.GetValue(store)!, forWriting: false, async keyStore =>
        {
            var file = (await keyStore.ReadAsync(cancellationToken: cancellationToken))!.File;
            var now = DateTimeOffset.UtcNow;
            await Console.Out.WriteLineAsync($"{"ID",-24} {"STATE",-8} {"EXPIRES",-26} SCOPES");
            foreach (var key in file.Keys)
            {
                string state = key.Revoked ? "revoked" : key.ExpiresAt <= now ? "expired" : "active";
                await Console.Out.WriteLineAsync($"{key.Id,-24} {state,-8} {key.ExpiresAt?.ToString("O") ?? "never",-26} {string.Join(',', key.Scopes)}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Task<int> WithKeyStore(string storeUri, bool forWriting, Func<KeyFileStore, Task<int>> action) =>
        StoreCommand.WithStoreAsync(storeUri, forWriting, store => action(new KeyFileStore(store)));
}
