using Gateway.Exchange;
using Gateway.Protocol.V1;
using Gateway.Queues;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Microsoft.Data.Sqlite;

namespace Gateway.Tracking;

/// <summary>
/// UpdateStatus: checks a reported status against the document and its history, records it and queues
/// it for the other side, all in one transaction. A recipient's status goes to the sender; 13 (take
/// back) goes from the sender to every recipient.
/// </summary>
internal sealed class StatusReporter(SqliteStore store, DeliveryNotifier notifier, TimeProvider time)
{
    public long Report(AuthenticatedCaller caller, UpdateStatusRequest request)
    {
        if (string.IsNullOrEmpty(request.DocumentId))
            throw RpcErrors.InvalidArgument("document_id", "is empty");
        if (string.IsNullOrEmpty(request.FromOrg))
            throw RpcErrors.InvalidArgument("from_org", "is empty: name the organisation reporting the status");
        caller.RequireOrg(request.FromOrg, "report a status");
        StatusRules.CheckReportable(request.Code, request.Description);

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var connection = store.OpenConnection();
        using var turn = store.Writers.EnterScope();
        using var transaction = connection.BeginTransaction(deferred: false);
        var document = DocumentFacts.Load(connection, transaction, request.DocumentId);
        if (document is null || !document.IsVisibleTo(caller.OrgCodes))
            throw RpcErrors.NotFound($"document_id: no document '{request.DocumentId}' is visible to system '{caller.SystemName}'");

        var id = request.DocumentId;
        IReadOnlyList<string> to;
        if (request.Code == DocumentStatus.TakeBackRequested)
        {
            if (request.FromOrg != document.Sender)
                throw RpcErrors.FailedPrecondition($"13 (take back) is sent by the document's sender '{document.Sender}', not '{request.FromOrg}'");
            to = document.Recipients;
        }
        else
        {
            if (!document.Recipients.Contains(request.FromOrg))
                throw RpcErrors.FailedPrecondition($"'{request.FromOrg}' is not a recipient of document {id}; only recipients report {StatusRules.Name(request.Code)}");
            CheckHistory(connection, transaction, document, request);
            to = [document.Sender];
        }

        using var events = new EventAppender(connection, transaction);
        using var writer = new StatusWriter(connection, transaction, events, now);
        var statusId = writer.Write(document.Seq, request.FromOrg, to, request.Code, request.Description, request.Staff, document.Priority);
        transaction.Commit();
        notifier.Notify(to);
        return statusId;
    }

    private static void CheckHistory(SqliteConnection connection, SqliteTransaction transaction, DocumentFacts document, UpdateStatusRequest request)
    {
        if (StatusRules.IsHandling(request.Code))
        {
            using var last = connection.CreateCommand();
            last.Transaction = transaction;
            last.CommandText = "SELECT code FROM statuses WHERE document_seq = $seq AND from_org = $from AND code BETWEEN 2 AND 6 ORDER BY id DESC LIMIT 1";
            last.Parameters.AddWithValue("$seq", document.Seq);
            last.Parameters.AddWithValue("$from", request.FromOrg);
            if (last.ExecuteScalar() is long code && code is 2 or 6)
            {
                throw RpcErrors.FailedPrecondition(
                    $"document {request.DocumentId} is already {StatusRules.Name((DocumentStatus)code)} at '{request.FromOrg}': nothing moves out of 02 or 06");
            }
        }

        if (request.Code is DocumentStatus.RequestAgreed or DocumentStatus.RequestRefused && document.BusinessType != 2)
        {
            using var asked = connection.CreateCommand();
            asked.Transaction = transaction;
            asked.CommandText = "SELECT 1 FROM statuses WHERE document_seq = $seq AND to_org = $to AND code = 13 LIMIT 1";
            asked.Parameters.AddWithValue("$seq", document.Seq);
            asked.Parameters.AddWithValue("$to", request.FromOrg);
            if (asked.ExecuteScalar() is null)
            {
                throw RpcErrors.FailedPrecondition(
                    $"{StatusRules.Name(request.Code)} answers a take-back request (13) or an update; document {request.DocumentId} is not an update and '{request.FromOrg}' was not asked to give it back");
            }
        }
    }
}
