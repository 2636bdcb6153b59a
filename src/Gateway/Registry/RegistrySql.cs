using Microsoft.Data.Sqlite;

namespace Gateway.Registry;

/// <summary>Small helpers shared by the registry's queries.</summary>
internal static class RegistrySql
{
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static long Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    /// <summary>Times are stored as Unix milliseconds; anything finer is dropped.</summary>
    public static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
