using Gateway.Crypto.Receipts;
using Gateway.Protocol.V1;
using Gateway.Store.Sqlite;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Gateway.Store.Documents;

/// <summary>
/// Records a signed batch inside the persist stage's transaction: the batch row (root, signature)
/// and, on each document, its receipt exactly as returned, so retries get the same signed receipt.
/// </summary>
internal static class ReceiptWriter
{
    public static void Record(SqliteConnection connection, SqliteTransaction transaction, SignedBatch batch, IReadOnlyList<Receipt> receipts, DateTimeOffset signedAt)
    {
        long batchId;
        using (var insert = connection.Prepare(transaction,
            "INSERT INTO receipt_batches (root, root_signature, leaf_count, signed_at) VALUES ($root, $signature, $count, $at) RETURNING id",
            "$root", "$signature", "$count", "$at"))
        {
            insert.Parameters["$root"].Value = batch.Root;
            insert.Parameters["$signature"].Value = batch.RootSignature;
            insert.Parameters["$count"].Value = batch.LeafCount;
            insert.Parameters["$at"].Value = signedAt.ToUnixTimeMilliseconds();
            batchId = (long)insert.ExecuteScalar()!;
        }

        // One per document of the batch: bound by position, not looked up by name.
        using var update = new RawStatement(connection, "UPDATE documents SET receipt_batch = ?1, receipt = ?2 WHERE seq = ?3");
        update.Bind(1, batchId);
        foreach (var receipt in receipts)
        {
            // The root signature is the batch's, stored once in its row rather than on every document.
            var stored = receipt.Clone();
            stored.Proof.RootSignature = ByteString.Empty;
            update.Bind(2, stored.ToByteArray());
            update.Bind(3, (long)receipt.Sequence);
            update.Execute();
        }
    }

    /// <summary>A stored receipt made whole again with its batch's signature and timestamp.</summary>
    public static Receipt Restore(byte[] stored, byte[] rootSignature, byte[]? timestampToken)
    {
        var receipt = Receipt.Parser.ParseFrom(stored);
        receipt.Proof.RootSignature = ByteString.CopyFrom(rootSignature);
        if (timestampToken is not null)
            receipt.Proof.TimestampToken = ByteString.CopyFrom(timestampToken);
        return receipt;
    }
}
