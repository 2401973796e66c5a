using System.Runtime.InteropServices;

namespace Rempart.Core.Targets;

/// <summary>
/// The few SQLite calls the site import makes for every value it writes, called straight on the library that
/// Microsoft.Data.Sqlite loaded (<c>e_sqlite3</c>, the same name its provider imports, so the same loaded copy) and on
/// the statement's raw handle. Text is bound without SQLite copying it (<c>SQLITE_STATIC</c>): the caller keeps the
/// memory in place until the statement has run. The calls only set a value on a statement and return, so they skip
/// the runtime's transition out of managed code. Measured reasons: ADR 0012.
/// </summary>
internal static unsafe partial class SqliteBinding
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_STATIC: SQLite neither copies nor frees the value.</summary>
    private const nint Static = 0;

    public static int Text(nint statement, int index, byte* utf8, int length) => BindText(statement, index, utf8, length, Static);

    public static int Blob(nint statement, int index, byte* bytes, int length) => BindBlob(statement, index, bytes, length, Static);

    public static int Int64(nint statement, int index, long value) => BindInt64(statement, index, value);

    public static int Double(nint statement, int index, double value) => BindDouble(statement, index, value);

    public static int Null(nint statement, int index) => BindNull(statement, index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    private static partial int BindText(nint statement, int index, byte* utf8, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob")]
    [SuppressGCTransition]
    private static partial int BindBlob(nint statement, int index, byte* bytes, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    private static partial int BindInt64(nint statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    [SuppressGCTransition]
    private static partial int BindDouble(nint statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    private static partial int BindNull(nint statement, int index);
}
