namespace OpsConsole.Support.Reports;

/// <summary>
/// The satisfaction index: CSAT on a 0–100 scale (rating 1 → 0, 2 → 25, 3 → 50, 4 → 75, 5 → 100), each rating
/// weighted by the learner's value, weight = 1 + ln(1 + net spend) with net spend in the platform currency and never
/// below zero. A learner without a profile weighs 1, like one who never paid. The logarithm lets a big spender count
/// for more without one account outweighing a whole day of ratings: ¥0 weighs 1, ¥99 5.6, ¥999 7.9, ¥9,999 10.2.
/// </summary>
public static class SatisfactionIndex
{
    public static double Weight(double netSpend) => 1 + Math.Log(1 + Math.Max(0, netSpend));

    public static double Score(int rating)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5);
        return (rating - 1) * 25.0;
    }

    /// <summary>Adds ratings up; the index is the weighted mean of their scores.</summary>
    public sealed class Accumulator
    {
        private double _weights;
        private double _weighted;
        private long _ratingSum;

        public int Count { get; private set; }

        public void Add(int rating, double netSpend)
        {
            if (rating is < 1 or > 5)
            {
                // A rating outside the scale is not a rating: left out rather than allowed to skew the mean.
                return;
            }
            var weight = Weight(netSpend);
            _weights += weight;
            _weighted += weight * Score(rating);
            _ratingSum += rating;
            Count++;
        }

        public double? Index => Count == 0 ? null : _weighted / _weights;

        public double? AverageRating => Count == 0 ? null : (double)_ratingSum / Count;

        /// <summary>Adds another accumulator's ratings, e.g. a day's into its period's.</summary>
        public void Add(Accumulator other)
        {
            _weights += other._weights;
            _weighted += other._weighted;
            _ratingSum += other._ratingSum;
            Count += other.Count;
        }

        public SatisfactionFigures Figures(Accumulator? previous) => new(Count, AverageRating, Index, previous?.Index);
    }
}
