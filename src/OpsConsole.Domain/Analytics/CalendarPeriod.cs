namespace OpsConsole.Analytics;

/// <summary>A calendar period of the platform's zone: days, weeks starting on Monday, or months.</summary>
public enum CalendarPeriod
{
    Day,
    Week,
    Month,
}
