using Microsoft.EntityFrameworkCore.Storage;

namespace Rempart.Core.Data;

/// <summary>
/// The transaction a piece of work runs in: the caller's when one is open (the demo workspace loads in one; the
/// caller then commits or rolls back), otherwise one of its own, which <see cref="CommitAsync"/> commits and
/// <see cref="RollbackAsync"/> or disposing rolls back.
/// </summary>
internal sealed class OwnOrOuterTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? own;

    private OwnOrOuterTransaction(IDbContextTransaction current, IDbContextTransaction? own)
    {
        Current = current;
        this.own = own;
    }

    /// <summary>The transaction in use, whoever began it.</summary>
    public IDbContextTransaction Current { get; }

    public static async Task<OwnOrOuterTransaction> BeginAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is { } outer)
        {
            return new OwnOrOuterTransaction(outer, null);
        }

        var own = await db.Database.BeginTransactionAsync(cancellationToken);
        return new OwnOrOuterTransaction(own, own);
    }

    /// <summary>Commits a transaction of its own; the caller's is left to the caller.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => own?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Rolls back a transaction of its own; the caller's is left to the caller.</summary>
    public Task RollbackAsync(CancellationToken cancellationToken) => own?.RollbackAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => own?.DisposeAsync() ?? ValueTask.CompletedTask;
}
