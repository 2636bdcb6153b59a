using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gateway.Store.Sqlite;

/// <summary>
/// A statement prepared on a connection's native handle and bound by position, for the rows written
/// once per document, delivery or event. Microsoft.Data.Sqlite looks every parameter up by name on
/// every execution (a UTF-8 conversion and a search per parameter), which a profile of a
/// 10,000-recipient commit showed as about a third of its time. Runs in whatever transaction the
/// connection has open; dispose it before the connection.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    /// <summary>Binds parameter <paramref name="index"/> (1-based, in the order of the SQL's <c>?NNN</c>) to a number.</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds text, or NULL for <see langword="null"/>.</summary>
    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

    /// <summary>Binds a number, or NULL for <see langword="null"/>.</summary>
    public void Bind(int index, long? value) =>
        Check(value is { } number ? raw.sqlite3_bind_int64(_statement, index, number) : raw.sqlite3_bind_null(_statement, index));

    /// <summary>Binds bytes as a BLOB (SQLite copies them); no bytes are an empty BLOB, not NULL.</summary>
    public void Bind(int index, ReadOnlySpan<byte> value) =>
        Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Binds bytes as a BLOB, or NULL for <see langword="null"/>.</summary>
    public void Bind(int index, byte[]? value)
    {
        if (value is null)
            Check(raw.sqlite3_bind_null(_statement, index));
        else
            Bind(index, (ReadOnlySpan<byte>)value);
    }

    /// <summary>Runs the statement to completion; the bound values stay for the next run.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        while (rc == raw.SQLITE_ROW)
            rc = raw.sqlite3_step(_statement);
        Finish(rc);
    }

    /// <summary>Runs a statement that returns one number (e.g. <c>INSERT … RETURNING seq</c>) to completion and returns it.</summary>
    public long ExecuteInt64()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc != raw.SQLITE_ROW)
        {
            Finish(rc);
            throw new InvalidOperationException("the statement returned no row");
        }

        var value = raw.sqlite3_column_int64(_statement, 0);
        while (rc == raw.SQLITE_ROW)
            rc = raw.sqlite3_step(_statement);
        Finish(rc);
        return value;
    }

    public void Dispose() => _statement.Dispose();

    private void Finish(int rc)
    {
        // Reset so the statement can run again (and releases its read of the database).
        raw.sqlite3_reset(_statement);
        if (rc != raw.SQLITE_DONE)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
