using System.Text;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace OpsConsole.Retention.Churn;

/// <summary>
/// A binary classifier for tables of numbers and categories: ML.NET LightGBM over the <see cref="TabularEncoder"/>'s
/// vector, with per-row feature contributions (ML.NET's tree contributions, summed per column: see <see cref="ColumnContribution"/>).
/// Trained single-threaded with a fixed seed, so the same data and options give the same model.
/// Prediction engines are not thread-safe: scoring borrows one from a pool and gives it back.
/// </summary>
public sealed class TabularModel
{
    private const uint Magic = 0x4C425454; // "TTBL" read as little-endian bytes
    private const int FormatVersion = 1;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly TabularEncoder _encoder;
    private readonly SchemaDefinition _schema;
    private readonly ObjectPool<PredictionEngine<Input, Output>> _engines;

    private TabularModel(MLContext ml, ITransformer model, TabularEncoder encoder)
    {
        _ml = ml;
        _model = model;
        _encoder = encoder;
        _schema = InputSchema(encoder.Dimension);
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Math.Max(2, Environment.ProcessorCount * 2) }
            .Create(new EnginePolicy(this));
    }

    public TabularSchema Schema => _encoder.Schema;

    /// <exception cref="TabularDataException">Fewer than two rows, or only one class.</exception>
    public static TabularModel Train(TabularSchema schema, IReadOnlyList<TabularExample> examples, TabularTrainingOptions options, CancellationToken cancellationToken = default)
    {
        var positives = examples.Count(e => e.Label);
        if (positives == 0 || positives == examples.Count)
        {
            throw new TabularDataException($"Training needs rows of both classes; got {positives} positive of {examples.Count}.");
        }
        var encoder = TabularEncoder.Fit(schema, examples.Select(e => e.Row), options.MaxCategories);
        var rows = new Input[examples.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows[i] = new Input { Label = examples[i].Label, Features = encoder.Encode(examples[i].Row) };
        }
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(rows, InputSchema(encoder.Dimension));
        // A leaf of twenty rows is sensible for thousands of rows but leaves nothing to split on a small file.
        var minLeaf = Math.Clamp(examples.Count / 20, 2, options.MinExamplesPerLeaf);
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(Input.Label),
            FeatureColumnName = nameof(Input.Features),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = minLeaf,
            HandleMissingValue = true,
            UseZeroAsMissingValue = false,
            Seed = options.Seed,
            Deterministic = true,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        cancellationToken.ThrowIfCancellationRequested();
        var predictor = trainer.Fit(data);
        var contributions = ml.Transforms.CalculateFeatureContribution(predictor,
            numberOfPositiveContributions: encoder.Dimension, numberOfNegativeContributions: encoder.Dimension, normalize: false).Fit(data);
        return new TabularModel(ml, predictor.Append(contributions), encoder);
    }

    public double Predict(TabularRow row) => Explain(row).Probability;

    /// <summary>The probability of the positive class and each column's contribution to it, largest first.</summary>
    public TabularExplanation Explain(TabularRow row)
    {
        var engine = _engines.Get();
        try
        {
            var output = new Output();
            engine.Predict(new Input { Features = _encoder.Encode(row) }, ref output);
            return Explanation(output);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>Scores many rows in one pass (faster than one at a time); results in the order of <paramref name="rows"/>.</summary>
    public IReadOnlyList<TabularExplanation> ExplainAll(IReadOnlyList<TabularRow> rows, CancellationToken cancellationToken = default)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var inputs = rows.Select(r => new Input { Features = _encoder.Encode(r) });
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(inputs, _schema));
        var results = new List<TabularExplanation>(rows.Count);
        foreach (var output in _ml.Data.CreateEnumerable<Output>(scored, reuseRowObject: false, ignoreMissingColumns: true))
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(Explanation(output));
        }
        return results;
    }

    /// <summary>Mean absolute contribution per column over <paramref name="explanations"/>, largest first; shares add up to 1.</summary>
    public static IReadOnlyList<FeatureImportance> Importance(IEnumerable<TabularExplanation> explanations)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        var count = 0;
        foreach (var explanation in explanations)
        {
            count++;
            foreach (var c in explanation.Contributions)
            {
                sums[c.Column] = sums.GetValueOrDefault(c.Column) + Math.Abs(c.Contribution);
            }
        }
        var total = sums.Values.Sum();
        return sums
            .Select(p => new FeatureImportance(p.Key, count == 0 ? 0 : p.Value / count, total > 0 ? p.Value / total : 0))
            .OrderByDescending(f => f.MeanAbsContribution).ThenBy(f => f.Feature, StringComparer.Ordinal)
            .ToList();
    }

    private TabularExplanation Explanation(Output output)
    {
        var perColumn = _encoder.PerColumn(output.FeatureContributions);
        var columns = Schema.Columns.ToArray();
        var contributions = columns.Select((name, i) => new ColumnContribution(name, perColumn[i]))
            .OrderByDescending(c => c.Contribution).ThenBy(c => c.Column, StringComparer.Ordinal)
            .ToList();
        var probability = float.IsFinite(output.Probability) ? Math.Clamp(output.Probability, 0.0, 1.0) : 0.5;
        return new TabularExplanation(probability, contributions);
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            _encoder.Write(writer);
            using var model = new MemoryStream();
            _ml.Model.Save(_model, null, model);
            writer.Write(model.Length);
            writer.Write(model.GetBuffer(), 0, (int)model.Length);
        }
        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a tabular model this build can read.</exception>
    public static TabularModel FromBytes(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream(content, writable: false);
        using var reader = new BinaryReader(buffer, Encoding.UTF8);
        try
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("The bytes do not hold a tabular model (bad magic number).");
            }
            var version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new InvalidDataException($"The tabular model has format version {version}; this build reads version {FormatVersion}.");
            }
            var encoder = TabularEncoder.Read(reader);
            var length = reader.ReadInt64();
            if (length <= 0 || length > buffer.Length - buffer.Position)
            {
                throw new InvalidDataException("The tabular model's trees are missing or truncated.");
            }
            using var model = new MemoryStream(content, (int)buffer.Position, (int)length, writable: false);
            var ml = new MLContext(0);
            return new TabularModel(ml, ml.Model.Load(model, out _), encoder);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("The tabular model is truncated.");
        }
    }

    private static SchemaDefinition InputSchema(int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[nameof(Input.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return schema;
    }

    private sealed class EnginePolicy(TabularModel owner) : PooledObjectPolicy<PredictionEngine<Input, Output>>
    {
        public override PredictionEngine<Input, Output> Create() =>
            owner._ml.Model.CreatePredictionEngine<Input, Output>(owner._model, inputSchemaDefinition: owner._schema);

        public override bool Return(PredictionEngine<Input, Output> obj) => true;
    }

    private sealed class Input
    {
        /// <summary>Read in training only; prediction leaves it unset.</summary>
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float Probability { get; set; }

        public float[] FeatureContributions { get; set; } = [];
    }
}
