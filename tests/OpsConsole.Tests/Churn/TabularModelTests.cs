using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class TabularModelTests
{
    private static readonly TabularSchema Schema = new(["calls", "tenure", "noise"], ["plan"]);

    /// <summary>
    /// Risk rises with support calls and the monthly plan, falls with tenure; "noise" means nothing. Half the rows are on the
    /// two-year plan. Some values are missing.
    /// </summary>
    private static List<TabularExample> Planted(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<TabularExample>(count);
        for (var i = 0; i < count; i++)
        {
            var calls = random.Next(0, 6);
            var tenure = random.Next(0, 60);
            var plan = random.Next(4) switch { 0 => "monthly", 1 => "annual", _ => "two-year" };
            var z = -1.5 + 0.9 * calls - 0.05 * tenure + (plan == "monthly" ? 1.5 : 0);
            var churned = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            rows.Add(new TabularExample(
                new TabularRow([calls, i % 17 == 0 ? double.NaN : tenure, random.NextDouble()], [i % 23 == 0 ? null : plan]),
                churned));
        }
        return rows;
    }

    private static readonly TabularTrainingOptions Options = new(Trees: 80, Leaves: 8, LearningRate: 0.1);

    [Fact]
    public void Train_PlantedRule_RanksHeldOutRowsWellAndLeansOnThePlantedColumns()
    {
        var model = TabularModel.Train(Schema, Planted(1500, 1), Options, TestContext.Current.CancellationToken);
        var test = Planted(500, 2);

        var explanations = model.ExplainAll(test.Select(e => e.Row).ToArray(), TestContext.Current.CancellationToken);
        var auc = BinaryMetrics.Auc(explanations.Select(e => e.Probability).ToArray(), test.Select(e => e.Label).ToArray());
        var importance = TabularModel.Importance(explanations);

        Assert.InRange(auc!.Value, 0.8, 1.0);
        Assert.Equal("noise", importance[^1].Feature);
        Assert.Equal(1.0, importance.Sum(f => f.Share), 6);
        Assert.Contains(importance.Take(2), f => f.Feature == "calls");
    }

    [Fact]
    public void Explain_ManyCallsOnMonthlyPlan_CallsAndPlanRaiseTheRisk()
    {
        var model = TabularModel.Train(Schema, Planted(1500, 1), Options, TestContext.Current.CancellationToken);

        var risky = model.Explain(new TabularRow([5, 2, 0.5], ["monthly"]));
        var safe = model.Explain(new TabularRow([0, 55, 0.5], ["two-year"]));

        // Contributions are measured against the typical row: two years' plan, the median calls and tenure.
        Assert.Equal("two-year", model.Reference.Categorical[0]);
        Assert.True(risky.Probability > 0.7, $"risky {risky.Probability}");
        Assert.True(safe.Probability < 0.2, $"safe {safe.Probability}");
        Assert.Contains(risky.Contributions.Take(2), c => c.Column == "calls" && c.Contribution > 0);
        Assert.True(risky.Contributions.Single(c => c.Column == "plan").Contribution > 0);
        Assert.True(safe.Contributions.Single(c => c.Column == "calls").Contribution < 0);
        Assert.Equal(0, safe.Contributions.Single(c => c.Column == "plan").Contribution);
    }

    [Fact]
    public void Explain_MissingAndUnseenValues_StillGiveAProbability()
    {
        var model = TabularModel.Train(Schema, Planted(600, 3), Options, TestContext.Current.CancellationToken);

        var missing = model.Explain(new TabularRow([double.NaN, double.NaN, double.NaN], [null]));
        var unseen = model.Explain(new TabularRow([1, 10, 0.1], ["lifetime"]));

        Assert.InRange(missing.Probability, 0, 1);
        Assert.InRange(unseen.Probability, 0, 1);
        Assert.Equal(4, missing.Contributions.Count);
    }

    [Fact]
    public void FromBytes_SavedModel_PredictsExactlyTheSame()
    {
        var model = TabularModel.Train(Schema, Planted(600, 4), Options, TestContext.Current.CancellationToken);
        var rows = Planted(50, 5).Select(e => e.Row).ToArray();

        var loaded = TabularModel.FromBytes(model.ToBytes());

        Assert.Equal(model.Schema.Numeric, loaded.Schema.Numeric);
        Assert.Equal(model.Schema.Categorical, loaded.Schema.Categorical);
        Assert.Equal(rows.Select(model.Predict), rows.Select(loaded.Predict));
        Assert.Equal(model.Explain(rows[0]).Contributions, loaded.Explain(rows[0]).Contributions);
    }

    [Fact]
    public void Train_SameDataAndSeed_GivesTheSameModel()
    {
        var data = Planted(600, 6);
        var rows = Planted(30, 7).Select(e => e.Row).ToArray();

        var first = TabularModel.Train(Schema, data, Options, TestContext.Current.CancellationToken);
        var second = TabularModel.Train(Schema, data, Options, TestContext.Current.CancellationToken);

        Assert.Equal(rows.Select(first.Predict), rows.Select(second.Predict));
    }

    [Fact]
    public void Explain_FromManyThreadsAtOnce_GivesWhatOneThreadGives()
    {
        var model = TabularModel.Train(Schema, Planted(600, 8), Options, TestContext.Current.CancellationToken);
        var rows = Planted(400, 9).Select(e => e.Row).ToArray();
        var sequential = rows.Select(model.Predict).ToArray();

        var parallel = new double[rows.Length];
        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = model.Predict(rows[i]));

        Assert.Equal(sequential, parallel);
        Assert.Equal(sequential, model.ExplainAll(rows, TestContext.Current.CancellationToken).Select(e => e.Probability));
    }

    [Fact]
    public void Train_OneClass_FailsSayingSo()
    {
        var rows = Planted(50, 10).Select(e => e with { Label = true }).ToArray();

        var error = Assert.Throws<TabularDataException>(() => TabularModel.Train(Schema, rows, Options, TestContext.Current.CancellationToken));

        Assert.Contains("both classes", error.Message);
    }

    [Fact]
    public void FromBytes_NotAModel_FailsClearly()
    {
        Assert.Throws<InvalidDataException>(() => TabularModel.FromBytes([1, 2, 3, 4, 5, 6, 7, 8]));
    }
}
