using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace OpsConsole.Recommendations;

/// <summary>One list to order when training the re-ranker: candidates with their features and relevance (0 = ignored).</summary>
public sealed record RerankGroup(IReadOnlyList<(float[] Features, float Label)> Rows);

/// <summary>
/// Learning to rank (ML.NET LightGBM, LambdaRank) over the generators' candidates: it learns how far to trust each
/// generator's score for which learner and item. Prediction engines are not thread-safe, so serving borrows them
/// from a pool instead of sharing one.
/// </summary>
public sealed class Reranker
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly ConcurrentBag<PredictionEngine<Row, Prediction>> _engines = [];

    private Reranker(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
    }

    /// <exception cref="ArgumentException">No group has a relevant and an irrelevant candidate, so there is nothing to learn.</exception>
    public static Reranker Train(IReadOnlyList<RerankGroup> groups, int seed = 42)
    {
        var usable = groups.Where(g => g.Rows.Any(r => r.Label > 0) && g.Rows.Any(r => r.Label <= 0)).ToArray();
        if (usable.Length == 0)
        {
            throw new ArgumentException("No list has both a relevant and an irrelevant candidate: there is nothing to learn to rank.", nameof(groups));
        }
        var ml = new MLContext(seed);
        var rows = usable.SelectMany((g, index) => g.Rows.Select(r => new Row { Group = (uint)index + 1, Label = r.Label, Features = r.Features }));
        var data = ml.Data.LoadFromEnumerable(rows, Schema());
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(Row.GroupKey), nameof(Row.Group))
            .Append(ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = nameof(Row.Features),
                RowGroupColumnName = nameof(Row.GroupKey),
                NumberOfLeaves = 15,
                MinimumExampleCountPerLeaf = 10,
                NumberOfIterations = 150,
                LearningRate = 0.05,
                Seed = seed,
                Deterministic = true,
                NumberOfThreads = 1,
            }));
        return new Reranker(ml, pipeline.Fit(data));
    }

    /// <summary>Scores rows of <see cref="RerankFeatures"/>; higher ranks first.</summary>
    public float[] Score(IReadOnlyList<float[]> features)
    {
        if (!_engines.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<Row, Prediction>(_model, inputSchemaDefinition: Schema());
        }
        try
        {
            var scores = new float[features.Count];
            var row = new Row();
            var output = new Prediction();
            for (var i = 0; i < scores.Length; i++)
            {
                row.Features = features[i];
                engine.Predict(row, ref output);
                scores[i] = output.Score;
            }
            return scores;
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        _ml.Model.Save(_model, null, buffer);
        return buffer.ToArray();
    }

    public static Reranker FromBytes(byte[] content)
    {
        var ml = new MLContext(42);
        using var buffer = new MemoryStream(content, writable: false);
        return new Reranker(ml, ml.Model.Load(buffer, out _));
    }

    private static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, RerankFeatures.Width);
        return schema;
    }

    private sealed class Row
    {
        public uint Group { get; set; }
        public float Label { get; set; }
        public float[] Features { get; set; } = [];
        [NoColumn]
        public uint GroupKey { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }
}
