using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using OpsConsole.Support;
using static OpsConsole.Tests.Support.Sla.SlaFixtures;

namespace OpsConsole.Tests.Support.Sla;

public sealed class SlaOptionsTests
{
    private static List<string> Errors(SlaOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    private static SlaOptions Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(SlaOptions.Section).Get<SlaOptions>() ?? new SlaOptions();

    [Fact]
    public void Defaults_AreValidAndGiveWeekdaysNineToSixInPlatformZone()
    {
        var options = new SlaOptions();

        Assert.Empty(Errors(options));
        var clock = options.CreateClock(Shanghai);
        Assert.Same(Shanghai, clock.Calendar.Zone);
        Assert.Equal([OpeningHours.Between(9, 18)], clock.Calendar.HoursOn(new DateOnly(2026, 5, 11)));
        Assert.Empty(clock.Calendar.HoursOn(new DateOnly(2026, 5, 9)));
        Assert.Equal(0.75, clock.Warning.Fraction);
        Assert.Equal(TimeSpan.FromMinutes(30), clock.PolicyFor(TicketPriority.Urgent).FirstResponse);
    }

    [Fact]
    public void Bind_Configuration_ReadsZoneHoursHolidaysPoliciesAndLead()
    {
        var options = Bind(new()
        {
            ["Support:Sla:TimeZone"] = "Europe/Berlin",
            ["Support:Sla:BusinessHours:Saturday"] = "10:00-14:00",
            ["Support:Sla:BusinessHours:Friday"] = "09:00-12:00, 13:00-16:00",
            ["Support:Sla:Holidays:0"] = "2026-12-24",
            ["Support:Sla:Policies:Urgent:FirstResponseMinutes"] = "15",
            ["Support:Sla:Policies:Urgent:ResolutionMinutes"] = "120",
            ["Support:Sla:WarnBeforeMinutes"] = "20",
        });

        Assert.Empty(Errors(options));
        var clock = options.CreateClock(Shanghai);
        Assert.Equal("Europe/Berlin", clock.Calendar.Zone.Id);
        Assert.Equal([OpeningHours.Between(10, 14)], clock.Calendar.HoursOn(new DateOnly(2026, 5, 9)));
        Assert.Equal(2, clock.Calendar.HoursOn(new DateOnly(2026, 5, 8)).Count);
        Assert.Equal([OpeningHours.Between(9, 18)], clock.Calendar.HoursOn(new DateOnly(2026, 5, 11)));
        Assert.True(clock.Calendar.IsHoliday(new DateOnly(2026, 12, 24)));
        Assert.Equal(new SlaPolicy(TicketPriority.Urgent, TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)), clock.PolicyFor(TicketPriority.Urgent));
        Assert.Equal(TimeSpan.FromMinutes(20), clock.Warning.BeforeDue);
        Assert.Null(clock.Warning.Fraction);
    }

    [Fact]
    public void Bind_OneTargetOfAPolicy_KeepsTheOtherDefault()
    {
        var options = Bind(new() { ["Support:Sla:Policies:High:FirstResponseMinutes"] = "45" });

        Assert.Empty(Errors(options));
        Assert.Equal(new SlaPolicy(TicketPriority.High, TimeSpan.FromMinutes(45), TimeSpan.FromHours(9)),
            options.CreateClock(Shanghai).PolicyFor(TicketPriority.High));
    }

    [Fact]
    public void Bind_DayClosedWithWord_HasNoHours()
    {
        var options = Bind(new() { ["Support:Sla:BusinessHours:Friday"] = "closed" });

        Assert.Empty(options.CreateClock(Shanghai).Calendar.HoursOn(new DateOnly(2026, 5, 8)));
    }

    [Theory]
    [InlineData("Mars/Olympus", "TimeZone 'Mars/Olympus' is not a known time zone")]
    [InlineData("Asia/Shanghai", null)]
    public void Validate_TimeZone_MustBeKnown(string zone, string? message)
    {
        var errors = Errors(new SlaOptions { TimeZone = zone });

        if (message is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.StartsWith($"Support:Sla:{message}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_BadHoursAndUnknownDay_NameTheKey()
    {
        var options = new SlaOptions();
        options.BusinessHours["Monday"] = "18:00-09:00";
        options.BusinessHours["Funday"] = "09:00-10:00";

        var errors = Errors(options);

        Assert.Contains(errors, e => e.StartsWith("Support:Sla:BusinessHours:Monday: '18:00-09:00' ends before it starts", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Support:Sla:BusinessHours:Funday is not a weekday name", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryDayClosed_Refused()
    {
        var options = new SlaOptions { BusinessHours = new() { ["Monday"] = "closed" } };

        Assert.Contains(Errors(options), e => e.Contains("must open on at least one weekday", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadHoliday_NamesItsIndex()
    {
        var options = new SlaOptions { Holidays = ["2026-10-01", "1 May"] };

        Assert.Equal(["Support:Sla:Holidays:1 '1 May' is not a date such as 2026-10-01."], Errors(options));
    }

    [Fact]
    public void Validate_PolicyProblems_NameThePriority()
    {
        var options = new SlaOptions();
        options.Policies.Remove("Low");
        options.Policies["High"] = new SlaTargetOptions { FirstResponseMinutes = 600, ResolutionMinutes = 60 };
        options.Policies["Normal"] = new SlaTargetOptions { FirstResponseMinutes = 0, ResolutionMinutes = 60 };
        options.Policies["Critical"] = new SlaTargetOptions { FirstResponseMinutes = 10, ResolutionMinutes = 60 };

        var errors = Errors(options);

        Assert.Contains("Support:Sla:Policies:Low is missing: every priority needs targets.", errors);
        Assert.Contains("Support:Sla:Policies:High:FirstResponseMinutes must not exceed ResolutionMinutes.", errors);
        Assert.Contains(errors, e => e.StartsWith("Support:Sla:Policies:Normal targets must be from 1 to", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Support:Sla:Policies:Critical is not a priority", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(100, null)]
    [InlineData(75, 0)]
    [InlineData(75, 7 * 24 * 60 + 1)]
    public void Validate_WarningLeadOutOfRange_NamesTheKey(int percent, int? beforeMinutes)
    {
        var results = new List<ValidationResult>();
        var options = new SlaOptions { WarnAtPercent = percent, WarnBeforeMinutes = beforeMinutes };

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        var member = Assert.Single(Assert.Single(results).MemberNames);
        Assert.Equal(beforeMinutes is null ? nameof(SlaOptions.WarnAtPercent) : nameof(SlaOptions.WarnBeforeMinutes), member);
    }
}
