using OpsConsole.Cli.Commands;
using Spectre.Console.Cli;

namespace OpsConsole.Cli;

/// <summary>Commands contributed by later features register here, keeping <see cref="OpsCli"/> stable.</summary>
internal static class CliExtensions
{
    public static void Configure(IConfigurator config)
    {
        config.AddBranch("demo", demo =>
        {
            demo.SetDescription("The demo platform.");
            demo.AddCommand<GenerateDemoCommand>("generate")
                .WithDescription("Generate a realistic, reproducible demo platform (catalogue, learners, events, orders, memberships, tickets). Refuses a database that already has learners unless --force, which deletes them first.")
                .WithExample("demo", "generate", "--learners", "5000", "--days", "180", "--seed", "42");
        });
        config.AddBranch("recs", recs =>
        {
            recs.SetDescription("The recommendation engine.");
            recs.AddCommand<EvaluateRecsCommand>("evaluate")
                .WithDescription("Yardstick on MovieLens ratings: per-item train/test split, full ranking, MAP, NDCG, precision and recall at K per algorithm.")
                .WithExample("recs", "evaluate", "--ratings", "u.data", "--algorithm", "all", "--k", "10");
        });
        config.AddBranch("stats", stats =>
        {
            stats.SetDescription("Experiment statistics from counts, without the database.");
            stats.AddCommand<ProportionsStatsCommand>("proportions")
                .WithDescription("Compare two conversion rates: difference (treatment − control) with its unpooled z interval, p-value and chance to win.")
                .WithExample("stats", "proportions", "--control", "1000:100", "--treatment", "1000:130", "--json");
            stats.AddCommand<SrmStatsCommand>("srm")
                .WithDescription("Sample ratio mismatch: χ² test of the units per arm against the planned split (equal unless --weights).")
                .WithExample("stats", "srm", "--counts", "5000,5400", "--weights", "50,50");
        });
        config.AddBranch("churn", churn =>
        {
            churn.SetDescription("The churn model.");
            churn.AddCommand<EvaluateChurnCommand>("evaluate")
                .WithDescription("Yardstick of the churn learner on any labelled CSV: seeded stratified 80/20 split, AUC, PR-AUC and log loss on the held-out rows.")
                .WithExample("churn", "evaluate", "--csv", "customers.csv", "--label", "churn", "--id", "customer_id");
        });
        config.AddBranch("learners", learners =>
        {
            learners.SetDescription("Learners' rights over their data.");
            learners.AddCommand<ExportLearnerCommand>("export")
                .WithDescription("Write everything held about one learner, grouped by table, as JSON (audited).")
                .WithExample("learners", "export", "--id", "u-1", "--out", "u-1.json");
            learners.AddCommand<EraseLearnerCommand>("erase")
                .WithDescription("Erase one learner: personal data, events and derived data deleted; orders, memberships and tickets kept under a random id (audited). Cannot be undone.")
                .WithExample("learners", "erase", "--id", "u-1");
        });
        config.AddBranch("intents", intents => intents.AddCommand<EvaluateIntentsCommand>("evaluate").WithDescription("Yardstick of the ticket intent model: train on one text,category CSV, report accuracy and macro-F1 on another.").WithExample("intents", "evaluate", "--train", "train.csv", "--test", "test.csv"));
    }

    /// <summary>
    /// The yardstick's documented <c>--k</c> is a one-letter long option, which the command-line parser refuses;
    /// under <c>recs</c> it becomes the equivalent short option <c>-k</c>.
    /// </summary>
    public static string[] NormaliseArguments(string[] args)
    {
        if (args is not ["recs", ..])
        {
            return args;
        }
        var normalised = new List<string>(args.Length + 1);
        foreach (var arg in args)
        {
            if (arg == "--k")
            {
                normalised.Add("-k");
            }
            else if (arg.StartsWith("--k=", StringComparison.Ordinal) || arg.StartsWith("--k:", StringComparison.Ordinal))
            {
                normalised.Add("-k");
                normalised.Add(arg[4..]);
            }
            else
            {
                normalised.Add(arg);
            }
        }
        return [.. normalised];
    }
}
