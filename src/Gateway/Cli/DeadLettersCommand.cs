using System.CommandLine;
using Gateway.DeadLetters;

namespace Gateway.Cli;

/// <summary>
/// `gateway dead-letters list|replay|purge`: the deliveries no recipient will receive (too many
/// attempts, expired, rejected, duplicate after a succession), administered on the store of a data
/// directory. Safe beside a running daemon: a replayed delivery is offered at its next Pull, under
/// the same delivery id. See docs/delivery.md.
/// </summary>
internal static class DeadLettersCommand
{
    private const int DefaultLimit = 100;

    public static Command Create()
    {
        var command = new Command("dead-letters", "Deliveries that were given up on: list them, offer them again, or remove them; safe beside a running daemon.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateReplay());
        command.Subcommands.Add(CreatePurge());
        command.Action = new DeadLettersAction("dead-letters", _ =>
            SystemsAction.Fail(ExitCodes.Configuration, "dead-letters: name a command: list, replay or purge (see 'gateway dead-letters --help')"));
        return command;
    }

    private static Command CreateList()
    {
        var recipient = RecipientOption("Only the dead letters for this organisation code.");
        var limit = new Option<int>("--limit")
        {
            Description = $"Most dead letters to print (1-{DeadLetterStore.MaxPageSize}, default {DefaultLimit}).",
            DefaultValueFactory = _ => DefaultLimit,
        };
        var after = new Option<string?>("--after") { Description = "Continue after this delivery id (the last one of the previous page)." };
        var json = new Option<bool>("--json") { Description = "Print {\"deadLetters\": [...], \"next\": id or null} as JSON." };
        var data = DataDirectoryOption.Create();
        var command = new Command("list", "List dead letters, oldest first.") { recipient, limit, after, json, data };
        DeadLettersAction? action = null;
        action = new DeadLettersAction("dead-letters list", parse =>
        {
            var code = parse.GetValue(recipient);
            if (code is not null && DeadLettersAction.CheckCode(code) is { } bad)
                return action!.Fail(bad);
            var count = parse.GetValue(limit);
            if (count is < 1 or > DeadLetterStore.MaxPageSize)
                return action!.Fail($"--limit: {count} is outside 1..{DeadLetterStore.MaxPageSize}");
            var (store, deadLetters) = DeadLettersAction.Open(parse.GetValue(data)!);
            using (store)
            {
                var page = deadLetters.List(code, count, parse.GetValue(after));
                if (parse.GetValue(json))
                    DeadLettersOutput.WriteListJson(Console.Out, page);
                else
                    DeadLettersOutput.WriteList(Console.Out, page, code);
            }

            return ExitCodes.Ok;
        });
        command.Action = action;
        return command;
    }

    private static Command CreateReplay()
    {
        var ids = IdOption("A delivery id to offer again; repeat for several (all or none are replayed).");
        var recipient = RecipientOption("Offer again every dead letter for this organisation code.");
        var data = DataDirectoryOption.Create();
        var command = new Command("replay", "Offer dead letters again now, under the same delivery ids, with attempts reset.") { ids, recipient, data };
        DeadLettersAction? action = null;
        action = new DeadLettersAction("dead-letters replay", parse =>
        {
            var (chosen, code) = (parse.GetValue(ids) ?? [], parse.GetValue(recipient));
            if ((chosen.Length > 0) == (code is not null))
                return action!.Fail("name what to replay: --id ID [--id ID ...] or --recipient CODE");
            if (code is not null && DeadLettersAction.CheckCode(code) is { } bad)
                return action!.Fail(bad);
            var (store, deadLetters) = DeadLettersAction.Open(parse.GetValue(data)!);
            using (store)
            {
                if (code is null)
                    DeadLettersOutput.WriteReplayed(Console.Out, new ReplayOutcome(deadLetters.Replay(chosen), 0), null);
                else
                    DeadLettersOutput.WriteReplayed(Console.Out, deadLetters.ReplayRecipient(code), code);
            }

            return ExitCodes.Ok;
        });
        command.Action = action;
        return command;
    }

    private static Command CreatePurge()
    {
        var ids = IdOption("A delivery id to remove; repeat for several (all or none are purged).");
        var recipient = RecipientOption("Remove every dead letter for this organisation code.");
        var all = new Option<bool>("--all") { Description = "Remove every dead letter." };
        var data = DataDirectoryOption.Create();
        var command = new Command("purge", "Remove dead letters for good; each document's trace records the purge.") { ids, recipient, all, data };
        DeadLettersAction? action = null;
        action = new DeadLettersAction("dead-letters purge", parse =>
        {
            var (chosen, code, everything) = (parse.GetValue(ids) ?? [], parse.GetValue(recipient), parse.GetValue(all));
            if ((chosen.Length > 0 ? 1 : 0) + (code is not null ? 1 : 0) + (everything ? 1 : 0) != 1)
                return action!.Fail("name what to purge: --id ID [--id ID ...], --recipient CODE or --all");
            if (code is not null && DeadLettersAction.CheckCode(code) is { } bad)
                return action!.Fail(bad);
            var (store, deadLetters) = DeadLettersAction.Open(parse.GetValue(data)!);
            using (store)
            {
                var purged = chosen.Length > 0 ? deadLetters.Purge(chosen)
                    : code is not null ? deadLetters.PurgeRecipient(code)
                    : deadLetters.PurgeAll();
                DeadLettersOutput.WritePurged(Console.Out, purged, code);
            }

            return ExitCodes.Ok;
        });
        command.Action = action;
        return command;
    }

    private static Option<string?> RecipientOption(string description) => new("--recipient") { Description = description };

    private static Option<string[]> IdOption(string description) => new("--id")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = true,
    };
}
