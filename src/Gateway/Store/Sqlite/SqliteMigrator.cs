using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gateway.Store.Sqlite;

/// <summary>
/// Brings a store to the latest version of its migrations in one IMMEDIATE transaction: either
/// every pending migration is applied, or none is. A store newer than this binary is refused untouched.
/// </summary>
internal static class SqliteMigrator
{
    public sealed record Outcome(int FromVersion, int ToVersion, Guid StoreId);

    public static Outcome Migrate(SqliteConnection connection, string databasePath, TimeProvider time) =>
        Migrate(connection, databasePath, time, MigrationCatalog.All);

    /// <summary>Applies <paramref name="migrations"/> (numbered 1..N) as one transaction.</summary>
    public static Outcome Migrate(SqliteConnection connection, string databasePath, TimeProvider time, IReadOnlyList<Migration> migrations)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            ) STRICT;
            """);

        var current = Convert.ToInt32(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"), CultureInfo.InvariantCulture);
        var latest = migrations[^1].Version;
        if (current > latest)
        {
            transaction.Rollback();
            throw new StoreException(
                $"store '{databasePath}' has schema version {current}, newer than this gateway understands (up to {latest}); " +
                "run a gateway release that knows that schema, or restore a backup taken before the upgrade. Nothing was changed.");
        }

        var now = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            Execute(connection, transaction, migration.Sql);
            using var record = Command(connection, transaction, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)");
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$n", migration.Name);
            record.Parameters.AddWithValue("$t", now);
            record.ExecuteNonQuery();
        }

        using (var identity = Command(connection, transaction, "INSERT OR IGNORE INTO store_identity (singleton, store_id, created_at) VALUES (1, $id, $t)"))
        {
            identity.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("D"));
            identity.Parameters.AddWithValue("$t", now);
            identity.ExecuteNonQuery();
        }

        var storeId = Guid.Parse((string)Scalar(connection, transaction, "SELECT store_id FROM store_identity WHERE singleton = 1")!);
        transaction.Commit();
        return new Outcome(current, latest, storeId);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        return command.ExecuteScalar();
    }
}
