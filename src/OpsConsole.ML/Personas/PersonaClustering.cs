using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace OpsConsole.Personas;

/// <summary>
/// k-means (ML.NET, k-means++ initialisation) over standardised feature vectors. Seeded and single-threaded,
/// so the same profiles always give the same centroids: personas are derived data and must rebuild identically.
/// </summary>
public static class PersonaClustering
{
    public static float[][] Train(IReadOnlyList<float[]> rows, int clusters, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 2);
        if (rows.Count < clusters)
        {
            throw new ArgumentException($"k-means needs at least {clusters} rows; got {rows.Count}.", nameof(rows));
        }
        var width = rows[0].Length;
        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r }), schema);
        var trainer = ml.Clustering.Trainers.KMeans(new KMeansTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            NumberOfClusters = clusters,
            InitializationAlgorithm = KMeansTrainer.InitializationAlgorithm.KMeansPlusPlus,
            NumberOfThreads = 1,
            MaximumNumberOfIterations = 200,
        });
        var model = trainer.Fit(data).Model;
        VBuffer<float>[] centroids = [];
        model.GetClusterCentroids(ref centroids, out var k);
        return [.. centroids.Take(k).Select(c => c.DenseValues().ToArray())];
    }

    /// <summary>The index of the nearest centroid (squared Euclidean distance), as k-means assigns.</summary>
    public static int Nearest(IReadOnlyList<float[]> centroids, ReadOnlySpan<float> row)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var c = 0; c < centroids.Count; c++)
        {
            double distance = 0;
            for (var i = 0; i < row.Length; i++)
            {
                var d = row[i] - centroids[c][i];
                distance += d * d;
            }
            if (distance < bestDistance)
            {
                (best, bestDistance) = (c, distance);
            }
        }
        return best;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
