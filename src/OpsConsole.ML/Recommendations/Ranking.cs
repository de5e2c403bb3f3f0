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
