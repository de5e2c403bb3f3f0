namespace OpsConsole.Recommendations;

/// <summary>Items best first with their scores, as the ranker picks a list from them.</summary>
internal interface IItemOrder : IDisposable
{
    bool TryNext(out int item, out float score);
}

/// <summary>Every item of a score buffer: best first, ties to the lower index; most lists are decided within the first few dozen.</summary>
internal sealed class ScoredOrder(float[] scores, int count, int firstBatch) : IItemOrder
{
    private readonly RankingOrder _order = new(scores.AsSpan(0, count), firstBatch);

    public bool TryNext(out int item, out float score)
    {
        var found = _order.TryNext(out item);
        score = found ? scores[item] : 0;
        return found;
    }

    public void Dispose() => _order.Dispose();
}

/// <summary>
/// The order of a score buffer holding the re-ranked candidates' shifted scores and 0 for every other item, without
/// the buffer: the candidates above 0 in their cached order, the items at 0 in index order (the first one a list may
/// offer ends it), then the candidates below 0.
/// </summary>
internal sealed class CandidateOrder(RerankedCandidates candidates, int itemCount) : IItemOrder
{
    private int _ranked;
    private int _next;
    private int _skip;
    private int _below;

    public bool TryNext(out int item, out float score)
    {
        if (_ranked < candidates.Ranked.Length)
        {
            return Candidate(candidates.Ranked[_ranked++], out item, out score);
        }
        // Candidates are in ascending item order, so one pointer tells which items they are.
        while (_next < itemCount)
        {
            var i = _next++;
            while (_skip < candidates.Items.Length && candidates.Items[_skip] < i)
            {
                _skip++;
            }
            if (_skip < candidates.Items.Length && candidates.Items[_skip] == i && !candidates.AtZero(_skip))
            {
                continue;
            }
            (item, score) = (i, 0);
            return true;
        }
        if (_below < candidates.Below.Length)
        {
            return Candidate(candidates.Below[_below++], out item, out score);
        }
        (item, score) = (-1, 0);
        return false;
    }

    public void Dispose()
    {
    }

    private bool Candidate(int at, out int item, out float score)
    {
        (item, score) = (candidates.Items[at], candidates.Shift + candidates.Scores[at]);
        return true;
    }
}
