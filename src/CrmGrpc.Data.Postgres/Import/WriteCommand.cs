using Npgsql;

namespace CrmGrpc.Data.Postgres.Import;

/// <summary>
/// The commands of the writes. They run without Npgsql's 30-second command timeout: a merge of a million rows, or a
/// write waiting for the book's lock behind one, legitimately takes longer. The caller's cancellation token bounds them
/// instead (a gRPC deadline or a client going away cancels the statement on the server).
/// </summary>
internal static class WriteCommand
{
    public static NpgsqlCommand Create(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction) { CommandTimeout = 0 };
}
