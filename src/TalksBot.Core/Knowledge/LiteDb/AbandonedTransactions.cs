using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using LiteDB;

namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>
/// LiteDB 5.0.21 cannot finish a transaction whose commit the disk refused half-way (some of its pages are already in
/// the read cache): rollback and dispose fail on it, and its finalizer throws the same error on the finalizer thread,
/// which ends the process. Nothing reaches it once its instance is closed, so its finalizer is switched off first; the
/// garbage collector then frees it with the rest of the instance.
/// </summary>
/// <remarks>
/// The transactions are found by reflection into the pinned LiteDB version (<c>LiteDatabase._engine</c>,
/// <c>LiteEngine._monitor</c>, <c>TransactionMonitor.Transactions</c>). Should that shape ever change, the instance is
/// kept alive instead: a leak of one instance per storage failure, never a crash. <c>DiskFullTests</c> fail (the test
/// host dies) if neither works.
/// </remarks>
internal static class AbandonedTransactions
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    private static readonly ConcurrentBag<LiteDatabase> KeptAlive = [];

    /// <summary>Call before disposing an instance a storage failure broke.</summary>
    public static void Release(LiteDatabase database)
    {
        if (TransactionsOf(database) is { } transactions)
        {
            foreach (var transaction in transactions)
            {
#pragma warning disable CA1816 // Deliberately someone else's object: the point of this class.
                GC.SuppressFinalize(transaction);
#pragma warning restore CA1816
            }
        }
        else
        {
            KeptAlive.Add(database);
        }
    }

    private static List<object>? TransactionsOf(LiteDatabase database)
    {
        var engine = typeof(LiteDatabase).GetField("_engine", Private)?.GetValue(database);
        var monitor = engine?.GetType().GetField("_monitor", Private)?.GetValue(engine);
        return monitor?.GetType().GetProperty("Transactions")?.GetValue(monitor) is IEnumerable transactions
            ? transactions.Cast<object>().ToList()
            : null;
    }
}
