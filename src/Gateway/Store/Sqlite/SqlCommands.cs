using Microsoft.Data.Sqlite;

namespace Gateway.Store.Sqlite;

/// <summary>Commands bound to a transaction with their parameters declared once, to be reused for many rows.</summary>
internal static class SqlCommands
{
    /// <summary>A command in <paramref name="transaction"/> with the named parameters added (values set per use).</summary>
    public static SqliteCommand Prepare(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }
}
