using OpsConsole.Support;

namespace OpsConsole.Web.Support;

/// <summary>The SLA page's editable copy of the policies: one row per priority and per weekday.</summary>
public sealed class SlaForm
{
    public sealed class Target
    {
        public TicketPriority Priority { get; init; }
        public int FirstResponseMinutes { get; set; }
        public int ResolutionMinutes { get; set; }
    }

    public sealed class Day
    {
        public DayOfWeek Weekday { get; init; }
        public string DayName => Weekday.ToString();
        public string Hours { get; set; } = "";
    }

    public List<Target> Targets { get; } = [];
    public List<Day> Days { get; } = [];
    public string Holidays { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public int WarnAtPercent { get; set; }
    public int? WarnBeforeMinutes { get; set; }

    // Monday first, as people read a working week.
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static SlaForm From(SlaOptions options)
    {
        var form = new SlaForm
        {
            Holidays = string.Join(", ", options.Holidays),
            TimeZone = options.TimeZone,
            WarnAtPercent = options.WarnAtPercent,
            WarnBeforeMinutes = options.WarnBeforeMinutes,
        };
        foreach (var priority in Enum.GetValues<TicketPriority>().Reverse())
        {
            var targets = options.Policies.GetValueOrDefault(priority.ToString());
            form.Targets.Add(new Target { Priority = priority, FirstResponseMinutes = targets?.FirstResponseMinutes ?? 0, ResolutionMinutes = targets?.ResolutionMinutes ?? 0 });
        }
        foreach (var day in Week)
        {
            form.Days.Add(new Day { Weekday = day, Hours = options.BusinessHours.GetValueOrDefault(day.ToString()) ?? "" });
        }
        return form;
    }

    public SlaOptions ToOptions() => new()
    {
        TimeZone = TimeZone.Trim(),
        Holidays = Holidays.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries).ToList(),
        WarnAtPercent = WarnAtPercent,
        WarnBeforeMinutes = WarnBeforeMinutes,
        BusinessHours = Days.Where(d => !string.IsNullOrWhiteSpace(d.Hours))
            .ToDictionary(d => d.Weekday.ToString(), d => d.Hours.Trim(), StringComparer.OrdinalIgnoreCase),
        Policies = Targets.ToDictionary(t => t.Priority.ToString(),
            t => new SlaTargetOptions { FirstResponseMinutes = t.FirstResponseMinutes, ResolutionMinutes = t.ResolutionMinutes }, StringComparer.OrdinalIgnoreCase),
    };
}
