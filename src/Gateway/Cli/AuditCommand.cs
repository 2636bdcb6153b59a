using System.CommandLine;
using Gateway.Store;
using Gateway.Store.Events;

namespace Gateway.Cli;

/// <summary>`gateway audit verify [--data DIR]`: checks that the event history has not been altered.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var data = DataDirectoryOption.Create();
        var verify = new Command("verify", "Recompute the hash chain of every event and name the first broken link.") { data };
        verify.SetAction(parse => Verify(parse.GetValue(data)!));
        return new Command("audit", "Check the tamper-evident history of documents.") { verify };
    }

    private static int Verify(string dataDirectory)
    {
        try
        {
            using var store = LocalStore.Open(dataDirectory);
            var outcome = EventChainVerifier.Verify(store);
            if (outcome.Problem is { } problem)
            {
                Console.Error.WriteLine($"gateway: {problem}");
                return ExitCodes.Failure;
            }

            Console.WriteLine($"audit chain intact: {outcome.EventsChecked} events, {outcome.CheckpointsChecked} checkpoints, last hash {Convert.ToHexStringLower(outcome.LastHash)}");
            return ExitCodes.Ok;
        }
        catch (StoreException ex)
        {
            Console.Error.WriteLine($"gateway: store error: {ex.Message}");
            return ExitCodes.Store;
        }
    }
}
