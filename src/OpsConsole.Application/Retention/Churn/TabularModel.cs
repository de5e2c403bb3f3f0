using System.Text;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace OpsConsole.Retention.Churn;

/// <summary>
/// A binary classifier for tables of numbers and categories: ML.NET LightGBM over the <see cref="TabularEncoder"/>'s
/// vector. A row is explained column by column against a reference row (each column's typical training value): a column's
/// contribution is how much the row's log-odds fall when that column alone takes the typical value (see
/// <see cref="ColumnContribution"/>). ML.NET's own tree contributions compare each split with its other branch, which
/// credits a column with what an unusual value would do; against the typical value a column matters only where the row
/// departs from what most rows look like, which is what a person asking "why this learner?" wants.
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
    private readonly TabularRow _reference;
    private readonly SchemaDefinition _schema;
    private readonly ObjectPool<PredictionEngine<Input, Output>> _engines;

    private TabularModel(MLContext ml, ITransformer model, TabularEncoder encoder, TabularRow reference)
    {
        _ml = ml;
        _model = model;
        _encoder = encoder;
        _reference = reference;
        _schema = InputSchema(encoder.Dimension);
        _engines = new DefaultObjectPoolProvider { MaximumRetained = Math.Max(2, Environment.ProcessorCount * 2) }
            .Create(new EnginePolicy(this));
    }

    public TabularSchema Schema => _encoder.Schema;

    /// <summary>The typical training row explanations compare with: each number's median (missing when most rows miss it), each category's commonest value.</summary>
    public TabularRow Reference => _reference;

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
        var schemaDefinition = InputSchema(encoder.Dimension);
        // Boosting stops once a seeded, stratified slice of the training rows stops improving: the right number of
        // trees differs between a file of a few hundred rows and a platform of thousands of learners.
        var labels = examples.Select(e => e.Label).ToArray();
        var validate = options.ValidationFraction > 0 && Math.Min(positives, examples.Count - positives) >= 10;
        var (fitRows, validationRows) = validate
            ? TabularSplit.Stratified(labels, options.ValidationFraction, options.Seed)
            : (Enumerable.Range(0, rows.Length).ToArray(), []);
        var fit = ml.Data.LoadFromEnumerable(fitRows.Select(i => rows[i]).ToArray(), schemaDefinition);
        // A leaf of twenty rows is sensible for thousands of rows but leaves nothing to split on a small file.
        var minLeaf = Math.Clamp(fitRows.Count / 20, 2, options.MinExamplesPerLeaf);
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
            EarlyStoppingRound = validate ? options.EarlyStoppingRounds : 0,
            EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.Logloss,
            Seed = options.Seed,
            Deterministic = true,
            NumberOfThreads = 1,
            Verbose = false,
            Silent = true,
        });
        cancellationToken.ThrowIfCancellationRequested();
        var predictor = validate
            ? trainer.Fit(fit, ml.Data.LoadFromEnumerable(validationRows.Select(i => rows[i]).ToArray(), schemaDefinition))
            : trainer.Fit(fit);
        return new TabularModel(ml, predictor, encoder, ReferenceOf(schema, examples.Select(e => e.Row).ToArray()));
    }

    public double Predict(TabularRow row)
    {
        var engine = _engines.Get();
        try
        {
            var output = new Output();
            engine.Predict(new Input { Features = _encoder.Encode(row) }, ref output);
            return Probability(output);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>The probability of the positive class and each column's contribution to it, largest first.</summary>
    public TabularExplanation Explain(TabularRow row)
    {
        var engine = _engines.Get();
        try
        {
            var probabilities = new double[Schema.Numeric.Count + Schema.Categorical.Count + 1];
            var output = new Output();
            var i = 0;
            foreach (var variant in Variants(row))
            {
                engine.Predict(new Input { Features = variant }, ref output);
                probabilities[i++] = Probability(output);
            }
            return Explanation(probabilities);
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
        var width = Schema.Numeric.Count + Schema.Categorical.Count + 1;
        var inputs = rows.SelectMany(r => Variants(r)).Select(v => new Input { Features = v });
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(inputs, _schema));
        var probabilities = new double[rows.Count * width];
        var k = 0;
        foreach (var output in _ml.Data.CreateEnumerable<Output>(scored, reuseRowObject: true, ignoreMissingColumns: true))
        {
            if (k % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            probabilities[k++] = Probability(output);
        }
        return Enumerable.Range(0, rows.Count).Select(r => Explanation(probabilities.AsSpan(r * width, width).ToArray())).ToList();
    }

    /// <summary>The row itself, then the row with each column in turn set to its reference value.</summary>
    private IEnumerable<float[]> Variants(TabularRow row)
    {
        yield return _encoder.Encode(row);
        for (var c = 0; c < row.Numeric.Length; c++)
        {
            var numbers = (double[])row.Numeric.Clone();
            numbers[c] = _reference.Numeric[c];
            yield return _encoder.Encode(row with { Numeric = numbers });
        }
        for (var c = 0; c < row.Categorical.Length; c++)
        {
            var categories = (string?[])row.Categorical.Clone();
            categories[c] = _reference.Categorical[c];
            yield return _encoder.Encode(row with { Categorical = categories });
        }
    }

    /// <param name="probabilities">The row's probability, then with each column at its reference value.</param>
    private TabularExplanation Explanation(double[] probabilities)
    {
        var logit = Logit(probabilities[0]);
        var contributions = Schema.Columns.Select((name, i) => new ColumnContribution(name, Math.Round(logit - Logit(probabilities[i + 1]), 6)))
            .OrderByDescending(c => c.Contribution).ThenBy(c => c.Column, StringComparer.Ordinal)
            .ToList();
        return new TabularExplanation(probabilities[0], contributions);
    }

    private static double Logit(double p)
    {
        p = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(p / (1 - p));
    }

    private static double Probability(Output output) => float.IsFinite(output.Probability) ? Math.Clamp(output.Probability, 0.0, 1.0) : 0.5;

    private static TabularRow ReferenceOf(TabularSchema schema, IReadOnlyList<TabularRow> rows)
    {
        var numbers = new double[schema.Numeric.Count];
        for (var c = 0; c < numbers.Length; c++)
        {
            var present = rows.Select(r => r.Numeric[c]).Where(double.IsFinite).Order().ToArray();
            numbers[c] = present.Length * 2 <= rows.Count ? double.NaN : present[present.Length / 2];
        }
        var categories = new string?[schema.Categorical.Count];
        for (var c = 0; c < categories.Length; c++)
        {
            categories[c] = rows.GroupBy(r => string.IsNullOrWhiteSpace(r.Categorical[c]) ? null : r.Categorical[c]!.Trim())
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key ?? "", StringComparer.Ordinal)
                .First().Key;
        }
        return new TabularRow(numbers, categories);
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

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            _encoder.Write(writer);
            foreach (var value in _reference.Numeric)
            {
                writer.Write(value);
            }
            foreach (var value in _reference.Categorical)
            {
                writer.Write(value is not null);
                writer.Write(value ?? "");
            }
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
            var numbers = new double[encoder.Schema.Numeric.Count];
            for (var i = 0; i < numbers.Length; i++)
            {
                numbers[i] = reader.ReadDouble();
            }
            var categories = new string?[encoder.Schema.Categorical.Count];
            for (var i = 0; i < categories.Length; i++)
            {
                var has = reader.ReadBoolean();
                var value = reader.ReadString();
                categories[i] = has ? value : null;
            }
            var length = reader.ReadInt64();
            if (length <= 0 || length > buffer.Length - buffer.Position)
            {
                throw new InvalidDataException("The tabular model's trees are missing or truncated.");
            }
            using var model = new MemoryStream(content, (int)buffer.Position, (int)length, writable: false);
            var ml = new MLContext(0);
            return new TabularModel(ml, ml.Model.Load(model, out _), encoder, new TabularRow(numbers, categories));
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
    }
}
