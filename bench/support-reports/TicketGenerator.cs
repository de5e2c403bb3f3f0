using OpsConsole.Learners;
using OpsConsole.Profiles;
using OpsConsole.Support;

namespace OpsConsole.Bench.SupportReports;

/// <summary>
/// A support desk's history from a fixed seed: tickets spread over the window with busy daytime hours, replies and
/// resolutions on log-normal delays (some never come), agents, CSAT ratings, automated replies, and learners of
/// long-tailed value. Everything a report reads is filled, unlike the demo platform, which sets no agents or ratings.
/// </summary>
public sealed class TicketGenerator(int tickets, int days, int seed, DateTime endUtc)
{
    public const int Learners = 20_000;
    public const int Agents = 30;

    private static readonly string[] Intents =
    [
        "refund_request", "billing", "login_account", "video_playback", "course_content", "certificate", "invoice",
        "membership_renewal", "coupon", "password_reset", "bug_report", "feature_request",
    ];

    private static readonly string[] Channels = ["web", "app", "wechat", "email"];

    private readonly Random _random = new(seed);

    public DateTime StartUtc => endUtc.AddDays(-days);

    public IEnumerable<SupportAgent> AgentRows() => Enumerable.Range(1, Agents).Select(i => new SupportAgent
    {
        Id = $"agent{i:D2}@desk.example",
        Name = $"Agent {i:D2}",
        Capacity = 8 + i % 5,
        Status = (AgentStatus)(i % 3),
        Languages = i % 4 == 0 ? "en" : "zh en",
    });

    public IEnumerable<(Learner Learner, LearnerProfile Profile)> LearnerRows()
    {
        for (var i = 0; i < Learners; i++)
        {
            var id = $"L{i:D6}";
            // Six in ten never paid; the rest spend on a long tail.
            var spend = _random.NextDouble() < 0.6 ? 0m : Math.Round((decimal)Math.Exp(4 + 2 * Gaussian()), 2);
            yield return (new Learner { Id = id, SignupAt = StartUtc }, new LearnerProfile { LearnerId = id, ComputedAt = endUtc, NetSpend = spend, OrderSpend = spend });
        }
    }

    /// <summary>The tickets, each with the messages the reports look at (automated and agent replies).</summary>
    public IEnumerable<(Ticket Ticket, List<(MessageKind Kind, DateTime At)> Messages)> TicketRows()
    {
        var span = (endUtc - StartUtc).TotalMinutes;
        for (var n = 0; n < tickets; n++)
        {
            // Daytime in Shanghai (UTC+8) is twice as busy as the night.
            var created = StartUtc.AddMinutes(_random.NextDouble() * span);
            var localHour = (created.Hour + 8) % 24;
            if (localHour is < 8 or > 22 && _random.NextDouble() < 0.5)
            {
                created = created.AddHours(10);
                if (created >= endUtc)
                {
                    created = created.AddDays(-1);
                }
            }
            created = new DateTime(created.Ticks - created.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
            var priority = Pick([(TicketPriority.Low, 20), (TicketPriority.Normal, 55), (TicketPriority.High, 18), (TicketPriority.Urgent, 7)]);
            var responseHours = priority switch { TicketPriority.Urgent => 0.5, TicketPriority.High => 1.5, TicketPriority.Normal => 3, _ => 6 };
            var messages = new List<(MessageKind, DateTime)>();
            var auto = _random.NextDouble() < 0.2;
            DateTime? autoAt = auto ? created.AddMinutes(1) : null;
            if (autoAt is { } a)
            {
                messages.Add((MessageKind.Automated, a));
            }
            // Half the automated replies settle the question; otherwise an agent answers (or, rarely, nobody does).
            var autoResolves = auto && _random.NextDouble() < 0.5;
            DateTime? responded = !autoResolves && _random.NextDouble() < 0.93 ? created.AddHours(LogNormal(responseHours, 1.0)) : null;
            DateTime? resolved = autoResolves
                ? created.AddMinutes(5 + _random.NextDouble() * 120)
                : responded is { } r && _random.NextDouble() < 0.75 ? r.AddHours(LogNormal(20, 1.1)) : null;
            responded = responded >= endUtc ? null : responded;
            resolved = resolved >= endUtc ? null : resolved;
            if (responded is { } replied)
            {
                messages.Add((MessageKind.Agent, replied));
            }
            var closed = resolved is { } done && done.AddDays(4) < endUtc ? done.AddDays(4) : (DateTime?)null;
            var status = closed is not null ? TicketStatus.Closed
                : resolved is not null ? TicketStatus.Resolved
                : responded is not null ? (_random.NextDouble() < 0.5 ? TicketStatus.Pending : TicketStatus.Assigned)
                : TicketStatus.New;
            var chinese = _random.NextDouble() < 0.85;
            var ticket = new Ticket
            {
                LearnerId = $"L{_random.Next(Learners):D6}",
                Subject = "question",
                Body = "question",
                Language = chinese ? "zh" : "en",
                Channel = Channels[_random.Next(Channels.Length)],
                Priority = priority,
                Status = status,
                CreatedAt = created,
                UpdatedAt = created,
                FirstRespondedAt = responded,
                ResolvedAt = resolved,
                ClosedAt = closed,
                Intent = _random.NextDouble() < 0.95 ? Intents[(int)Math.Min(Intents.Length - 1, Math.Abs(Gaussian()) * 4)] : null,
                AssigneeId = status == TicketStatus.New || autoResolves ? null : $"agent{1 + _random.Next(Agents):D2}@desk.example",
                AutoReplyArticleId = auto ? 1 + _random.Next(40) : null,
                AutoRepliedAt = autoAt,
            };
            if (resolved is { } solved && _random.NextDouble() < 0.35)
            {
                ticket.CsatRequestedAt = solved;
                ticket.CsatRatedAt = solved.AddHours(_random.NextDouble() * 48) is var rated && rated < endUtc ? rated : solved;
                ticket.CsatRating = Pick([(1, 6), (2, 6), (3, 12), (4, 30), (5, 46)]);
            }
            yield return (ticket, messages);
        }
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    /// <summary>A log-normal delay with the given median (hours) and spread.</summary>
    private double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Gaussian());

    private T Pick<T>((T Value, int Weight)[] weighted)
    {
        var roll = _random.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }
        return weighted[^1].Value;
    }
}
