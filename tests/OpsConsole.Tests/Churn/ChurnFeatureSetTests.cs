using System.ComponentModel.DataAnnotations;
using OpsConsole.Retention.Churn;

namespace OpsConsole.Tests.Churn;

public sealed class ChurnFeatureSetTests
{
    private static readonly ChurnFeatures Learner = new()
    {
        LearnerId = "u1",
        AsOf = new DateOnly(2026, 5, 1),
        ActivityTrend = -0.7,
        OpenTickets = 2,
        StaleTickets = 1,
        DaysSinceActive = 12,
        Refunds45 = 1,
        DiscountShare = 0.8,
        Membership = MembershipStates.Lapsed,
        DaysSinceLapse = 5,
        Channel = "ads",
    };

    [Theory]
    [InlineData("activity_trend", "activity down 70% in 3 weeks")]
    [InlineData("open_tickets", "2 unresolved tickets")]
    [InlineData("stale_tickets", "1 ticket unresolved for over 2 days")]
    [InlineData("days_since_active", "no activity for 12 days")]
    [InlineData("refunds_45", "a refund in the last 45 days")]
    [InlineData("discount_share", "80% of purchases at a discount")]
    [InlineData("membership", "membership lapsed unpaid")]
    [InlineData("days_since_lapse", "membership renewal failed 5 days ago")]
    [InlineData("channel", "came through ads")]
    [InlineData("lesson_completion", "no course started")]
    public void Describe_Feature_SaysTheValueInWords(string feature, string sentence)
    {
        Assert.Equal(sentence, ChurnFeatureSet.Describe(feature, Learner));
    }

    [Fact]
    public void Describe_ActivityUp_SaysUp()
    {
        Assert.Equal("activity up 25% in 3 weeks", ChurnFeatureSet.Describe("activity_trend", Learner with { ActivityTrend = 0.25 }));
    }

    [Fact]
    public void ToRow_EveryColumnOfTheSchema_IsFilledInOrder()
    {
        var row = ChurnFeatureSet.ToRow(Learner);

        Assert.Equal(ChurnFeatureSet.Schema.Numeric.Count, row.Numeric.Length);
        Assert.Equal(ChurnFeatureSet.Schema.Categorical.Count, row.Categorical.Length);
        Assert.Equal(2, row.Numeric[ChurnFeatureSet.Schema.Numeric.ToList().IndexOf("open_tickets")]);
        Assert.Equal("lapsed", row.Categorical[ChurnFeatureSet.Schema.Categorical.ToList().IndexOf("membership")]);
        Assert.True(double.IsNaN(row.Numeric[ChurnFeatureSet.Schema.Numeric.ToList().IndexOf("csat_mean")]));
    }

    [Fact]
    public void Validate_GraceAsLongAsTheHorizon_IsRefusedNamingBoth()
    {
        var options = new ChurnOptions { GraceDays = 30, LabelHorizonDays = 30 };
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains("GraceDays", results.Single().ErrorMessage);
        Assert.Contains("LabelHorizonDays", results.Single().ErrorMessage);
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var options = new ChurnOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
        Assert.Equal(30, options.InactiveDays);
        Assert.Equal(7, options.GraceDays);
        Assert.Equal(42, options.Seed);
        Assert.Equal(0.2, options.TestFraction);
    }

    [Fact]
    public void TrainingDates_LongHistory_SpacedBackFromTheLastLabelledDate()
    {
        var options = new ChurnOptions();

        var dates = ChurnSnapshotBuilder.TrainingDates(options, new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1));

        // Labels need 30 + 7 days after the last date; six dates 14 days apart, oldest first.
        Assert.Equal(new DateOnly(2026, 5, 25), dates[^1]);
        Assert.Equal(6, dates.Count);
        Assert.Equal(new DateOnly(2026, 3, 16), dates[0]);
    }

    [Fact]
    public void TrainingDates_ShortHistory_KeepsOnlyDatesWithEnoughBefore()
    {
        var dates = ChurnSnapshotBuilder.TrainingDates(new ChurnOptions(), new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 20));

        // The last labelled date is 11 Feb; the one before it (28 Jan) has less than 28 days of history.
        Assert.Equal([new DateOnly(2026, 2, 11)], dates);
    }
}
