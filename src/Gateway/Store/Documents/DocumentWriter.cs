using Gateway.Exchange;
using Gateway.Pipeline;
using Gateway.Protocol.V1;
using Gateway.Store.Events;
using Gateway.Store.Sqlite;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;

namespace Gateway.Store.Documents;

/// <summary>
/// Writes accepted documents and their deliveries inside a transaction the caller owns, with commands
/// prepared once per transaction. Decides idempotency (same sender and client reference) and checks
/// business references, both inside the transaction so concurrent sends cannot race past them.
/// </summary>
internal sealed class DocumentWriter : IDisposable
{
    private readonly SqliteCommand _findByReference;
    private readonly SqliteCommand _findRedirections;
    private readonly SqliteCommand _findReferenced;
    private readonly RawStatement _insertDocument;
    private readonly RawStatement _insertDelivery;
    private readonly RawStatement _insertPayload;

    public DocumentWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        Events = new EventAppender(connection, transaction);
        _findByReference = connection.Prepare(transaction, """
            SELECT d.seq, d.id, d.header_digest, d.accepted_at, d.receipt, b.root_signature, b.timestamp_token
            FROM documents d LEFT JOIN receipt_batches b ON b.id = d.receipt_batch
            WHERE d.sender = $sender AND d.client_reference = $reference
            """,
            "$sender", "$reference");
        _findRedirections = connection.Prepare(transaction, "SELECT requested, recipient, redirect_effective_at FROM deliveries WHERE document_seq = $seq AND redirect_effective_at IS NOT NULL ORDER BY requested",
            "$seq");
        _findReferenced = connection.Prepare(transaction, "SELECT 1 FROM documents WHERE id = $id AND sender = $sender",
            "$id", "$sender");
        // Sixteen values per document: bound by position, not looked up by name.
        _insertDocument = new RawStatement(connection, """
            INSERT INTO documents (id, sender, client_reference, submitted_by, header, signature, signature_checked, signer_thumbprint,
                header_digest, payload_sha256, payload_size, priority, business_type, referenced_id, expires_at, accepted_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
            RETURNING seq
            """);
        // One per recipient (10,000 for a wide circular): bound by position, not looked up by name.
        _insertDelivery = new RawStatement(connection, """
            INSERT INTO deliveries (id, document_seq, recipient, requested, redirect_effective_at, priority, visible_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """);
        // Content-addressed: a payload already stored (by an earlier document) is stored once.
        _insertPayload = new RawStatement(connection, "INSERT OR IGNORE INTO payloads (sha256, bytes) VALUES (?1, ?2)");
    }

    /// <summary>The trace of what this transaction does; rewind it when a document's savepoint rolls back.</summary>
    public EventAppender Events { get; }

    /// <summary>
    /// Stores one document, or returns the original receipt when it is a retry of one already stored.
    /// Throws <see cref="Grpc.Core.RpcException"/> for a refusal that belongs to this document alone.
    /// </summary>
    public Receipt Write(PendingDocument pending, DateTimeOffset acceptedAt)
    {
        var header = pending.Header;
        if (FindExisting(header) is { } original)
            return original;

        if (header.ReferencedDocumentId is { } referenced)
        {
            _findReferenced.Parameters["$id"].Value = referenced;
            _findReferenced.Parameters["$sender"].Value = header.Header.Sender;
            if (_findReferenced.ExecuteScalar() is null)
                throw RpcErrors.NotFound($"header.business.referenced_document_id: '{referenced}' is not a document sent by '{header.Header.Sender}'");
        }

        var id = Guid.CreateVersion7(acceptedAt).ToString("D");
        var at = acceptedAt.ToUnixTimeMilliseconds();
        var payloadSha256 = header.Header.Payload.Sha256.Span;
        _insertDocument.Bind(1, id);
        _insertDocument.Bind(2, header.Header.Sender);
        _insertDocument.Bind(3, header.Header.ClientReference);
        _insertDocument.Bind(4, pending.SubmittedBy);
        _insertDocument.Bind(5, header.HeaderBytes.Span);
        _insertDocument.Bind(6, header.Signature.Span);
        _insertDocument.Bind(7, pending.Signer is null ? 0 : 1);
        _insertDocument.Bind(8, pending.Signer?.Thumbprint);
        _insertDocument.Bind(9, header.HeaderDigest);
        _insertDocument.Bind(10, payloadSha256);
        _insertDocument.Bind(11, header.Header.Payload.Size);
        _insertDocument.Bind(12, header.EdxmlPriority);
        _insertDocument.Bind(13, header.EdxmlBusinessType);
        _insertDocument.Bind(14, header.ReferencedDocumentId);
        _insertDocument.Bind(15, header.ExpiresAt?.ToUnixTimeMilliseconds());
        _insertDocument.Bind(16, at);
        var seq = _insertDocument.ExecuteInt64();
        if (pending.SmallPayload is { } bytes)
        {
            _insertPayload.Bind(1, payloadSha256);
            _insertPayload.Bind(2, bytes);
            _insertPayload.Execute();
        }

        Events.Append(new DocumentEvent(seq, at, "accepted", header.Header.Sender,
            Detail: $"from system '{pending.SubmittedBy}' for {pending.Targets.Count} recipients; {(pending.Signer is { } signer ? $"signature verified, certificate \"{signer.Subject}\" (SHA-256 {signer.Thumbprint})" : "unsigned, not verified (signatures are not required)")}"));

        _insertDelivery.Bind(2, seq);
        _insertDelivery.Bind(6, header.EdxmlPriority);
        _insertDelivery.Bind(7, at);
        var receipt = NewReceipt(id, acceptedAt, header.HeaderDigest, seq, duplicate: false);
        foreach (var target in pending.Targets)
        {
            var deliveryId = Guid.CreateVersion7(acceptedAt).ToString("D");
            _insertDelivery.Bind(1, deliveryId);
            _insertDelivery.Bind(3, target.Recipient);
            _insertDelivery.Bind(4, target.Requested);
            _insertDelivery.Bind(5, target.RedirectEffectiveAt?.ToUnixTimeMilliseconds());
            _insertDelivery.Execute();
            if (target.RedirectEffectiveAt is { } effective)
            {
                receipt.Redirections.Add(NewRedirection(target.Requested, target.Recipient, effective));
                Events.Append(new DocumentEvent(seq, at, "redirected", target.Recipient, deliveryId,
                    Detail: $"{target.Requested} is succeeded by {target.Recipient} since {effective:O}"));
            }

            Events.Append(new DocumentEvent(seq, at, "queued", target.Recipient, deliveryId));
        }

        return receipt;
    }

    private Receipt? FindExisting(Exchange.Send.ValidatedHeader header)
    {
        _findByReference.Parameters["$sender"].Value = header.Header.Sender;
        _findByReference.Parameters["$reference"].Value = header.Header.ClientReference;
        long seq;
        string id;
        byte[] digest;
        long acceptedAt;
        Receipt? signed = null;
        using (var reader = _findByReference.ExecuteReader())
        {
            if (!reader.Read())
                return null;
            (seq, id, digest, acceptedAt) = (reader.GetInt64(0), reader.GetString(1), (byte[])reader[2], reader.GetInt64(3));
            if (!reader.IsDBNull(4))
                signed = ReceiptWriter.Restore((byte[])reader[4], (byte[])reader[5], reader.IsDBNull(6) ? null : (byte[])reader[6]);
        }

        if (!digest.AsSpan().SequenceEqual(header.HeaderDigest))
        {
            throw RpcErrors.AlreadyExists(
                $"header.client_reference: '{header.Header.ClientReference}' of sender '{header.Header.Sender}' was already used for document {id} with a different header; use a new reference for a new document");
        }

        if (signed is not null)
        {
            // The receipt as first returned, proof and all: its leaf lists the redirections in signed order.
            signed.Duplicate = true;
            return signed;
        }

        // Accepted before receipts were signed: rebuilt from the rows, without a proof.
        var receipt = NewReceipt(id, DateTimeOffset.FromUnixTimeMilliseconds(acceptedAt), digest, seq, duplicate: true);
        _findRedirections.Parameters["$seq"].Value = seq;
        using var redirections = _findRedirections.ExecuteReader();
        while (redirections.Read())
        {
            receipt.Redirections.Add(NewRedirection(redirections.GetString(0), redirections.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(redirections.GetInt64(2))));
        }

        return receipt;
    }

    private static Receipt NewReceipt(string id, DateTimeOffset acceptedAt, byte[] digest, long seq, bool duplicate) => new()
    {
        DocumentId = id,
        AcceptedAt = Timestamp.FromDateTimeOffset(acceptedAt),
        HeaderDigest = ByteString.CopyFrom(digest),
        Sequence = (ulong)seq,
        Duplicate = duplicate,
    };

    private static Redirection NewRedirection(string from, string to, DateTimeOffset effectiveAt) => new()
    {
        FromCode = from,
        ToCode = to,
        EffectiveAt = Timestamp.FromDateTimeOffset(effectiveAt),
    };

    public void Dispose()
    {
        _findByReference.Dispose();
        _findRedirections.Dispose();
        _findReferenced.Dispose();
        _insertDocument.Dispose();
        _insertDelivery.Dispose();
        _insertPayload.Dispose();
        Events.Dispose();
    }
}
