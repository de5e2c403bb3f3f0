using System.Buffers;

namespace OpsConsole.Recommendations;

public static class Ranking
{
    /// <summary>
    /// The indexes of the <paramref name="k"/> highest scores, best first; ties go to the lower index so rankings are
    /// reproducible. Scores that are NaN or −∞ (excluded items) never appear. Returns how many were written.
    /// </summary>
    public static int TopK(ReadOnlySpan<float> scores, int k, Span<int> into)
    {
        k = Math.Min(k, into.Length);
        if (k <= 0)
        {
            return 0;
        }
        Span<float> best = k <= 256 ? stackalloc float[k] : new float[k];
        var count = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            if (float.IsNaN(score) || float.IsNegativeInfinity(score) || (count == k && score <= best[k - 1]))
            {
                continue;
            }
            var at = count < k ? count++ : k - 1;
            while (at > 0 && best[at - 1] < score)
            {
                best[at] = best[at - 1];
                into[at] = into[at - 1];
                at--;
            }
            best[at] = score;
            into[at] = i;
        }
        return count;
    }
}

/// <summary>
/// Item indexes in ranking order — higher score first, ties to the lower index, NaN after everything — handed out
/// lazily. Each batch is selected from the rest in linear time and only the batch is sorted, so a caller that skips a
/// few owned or capped items and stops after a dozen never sorts the whole catalogue (a full sort per request was the
/// largest cost of serving). The order is exactly that of sorting by score descending, then index ascending.
/// The key buffer is rented from the shared pool: dispose to return it.
/// </summary>
public sealed class RankingOrder : IDisposable
{
    private readonly int _count;
    private ulong[]? _keys;
    private int _next;
    private int _sorted;
    private int _batch;

    /// <param name="scores">One score per item.</param>
    /// <param name="firstBatch">How many items the caller most likely needs; later batches double.</param>
    public RankingOrder(ReadOnlySpan<float> scores, int firstBatch)
    {
        _count = scores.Length;
        _keys = ArrayPool<ulong>.Shared.Rent(Math.Max(1, _count));
        for (var i = 0; i < _count; i++)
        {
            _keys[i] = Key(scores[i], i);
        }
        _batch = Math.Max(16, firstBatch);
    }

    /// <summary>The next item in ranking order; false once every item was handed out.</summary>
    public bool TryNext(out int item)
    {
        var keys = _keys ?? throw new ObjectDisposedException(nameof(RankingOrder));
        if (_next == _sorted)
        {
            if (_sorted == _count)
            {
                item = -1;
                return false;
            }
            var rest = keys.AsSpan(_sorted, _count - _sorted);
            var take = Math.Min(_batch, rest.Length);
            if (take < rest.Length)
            {
                SelectSmallest(rest, take);
            }
            rest[..take].Sort();
            _sorted += take;
            _batch = (int)Math.Min(int.MaxValue, 2L * _batch);
        }
        item = (int)(uint)keys[_next++];
        return true;
    }

    public void Dispose()
    {
        if (_keys is { } keys)
        {
            _keys = null;
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }

    /// <summary>
    /// A key whose ascending order is the ranking order: the score's bits mapped to an unsigned number that grows with
    /// the score (−0 counted as 0, NaN below −∞, as float comparison orders them), inverted, above the item index.
    /// </summary>
    private static ulong Key(float score, int index)
    {
        uint ordered;
        if (float.IsNaN(score))
        {
            ordered = 0;
        }
        else
        {
            var bits = BitConverter.SingleToInt32Bits(score == 0 ? 0f : score);
            ordered = bits >= 0 ? (uint)bits | 0x8000_0000u : ~(uint)bits;
        }
        return ((ulong)~ordered << 32) | (uint)index;
    }

    /// <summary>Moves the <paramref name="count"/> smallest keys (all distinct) to the front, in no particular order.</summary>
    private static void SelectSmallest(Span<ulong> keys, int count)
    {
        var lo = 0;
        var hi = keys.Length - 1;
        var target = count - 1;
        while (lo < hi)
        {
            var a = keys[lo];
            var b = keys[lo + ((hi - lo) >> 1)];
            var c = keys[hi];
            var pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
            var i = lo;
            var j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }
                while (keys[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }
            if (target <= j)
            {
                hi = j;
            }
            else if (target >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }
}
