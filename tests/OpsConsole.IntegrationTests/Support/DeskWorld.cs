using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsConsole.Analytics;
using OpsConsole.Data;
using OpsConsole.IntegrationTests.Infrastructure;
using OpsConsole.Profiles;
using OpsConsole.Support;

namespace OpsConsole.IntegrationTests.Support;

/// <summary>
/// The desk's services over a real database, with a clock the test moves and a real intent model trained on a few
/// hand-written tickets. Pushes are recorded instead of sent; the hub's own tests send them for real.
/// </summary>
internal sealed class DeskWorld : IAsyncDisposable
{
    /// <summary>A Monday, 10:00 UTC: inside the default business hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private DeskWorld(TestDatabase database, ServiceProvider services, MovableClock clock)
    {
        Database = database;
        _services = services;
        Clock = clock;
    }

    public TestDatabase Database { get; }
    public MovableClock Clock { get; }
    public RecordingNotifier Pushes => (RecordingNotifier)_services.GetRequiredService<ISupportNotifier>();
    public SupportDesk Desk => _services.GetRequiredService<SupportDesk>();
    public AgentDirectory Agents => _services.GetRequiredService<AgentDirectory>();
    public DeskRouter Router => _services.GetRequiredService<DeskRouter>();
    public DeskUpkeep Upkeep => _services.GetRequiredService<DeskUpkeep>();
    public DeskSettings Settings => _services.GetRequiredService<DeskSettings>();
    public TicketQueries Queries => _services.GetRequiredService<TicketQueries>();
    public SlaPolicies Sla => _services.GetRequiredService<SlaPolicies>();

    public static async Task<DeskWorld> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null, IAutoResponder? autoResponder = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var clock = new MovableClock(Start);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(database.Contexts)
            .AddSingleton(database.Options)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton(new PlatformTime(TimeZoneInfo.Utc, clock))
            .AddSingleton<ISupportNotifier, RecordingNotifier>()
            .AddSingleton<IIntentClassifier>(SmallIntentModel.Instance)
            .AddSingleton(autoResponder ?? new NoAnswers())
            .AddLogging();
        services.AddIngestion();
        services.AddSupportDesk();
        return new DeskWorld(database, services.BuildServiceProvider(validateScopes: true), clock);
    }

    public Task<SupportAgent> AgentAsync(string id, string intents = "*", string languages = "en", string tags = "", int capacity = 5, AgentStatus status = AgentStatus.Online) =>
        AgentWithStatusAsync(new AgentProfile(id, id.Split('@')[0], intents, languages, tags, capacity), status);

    private async Task<SupportAgent> AgentWithStatusAsync(AgentProfile profile, AgentStatus status)
    {
        var agent = await Agents.SaveAsync(profile, TestContext.Current.CancellationToken);
        await Agents.SetStatusAsync(agent.Id, status, TestContext.Current.CancellationToken);
        return agent;
    }

    public async Task ProfileAsync(string learnerId, decimal netSpend, MembershipState membership = MembershipState.None)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        db.Learners.Add(new OpsConsole.Learners.Learner { Id = learnerId, SignupAt = Clock.Now.UtcDateTime.AddYears(-1) });
        db.Profiles.Add(new LearnerProfile { LearnerId = learnerId, NetSpend = netSpend, Membership = membership, ComputedAt = Clock.Now.UtcDateTime });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async Task<Ticket> TicketAsync(long id)
    {
        await using var db = await Database.Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Tickets.FindAsync([id], TestContext.Current.CancellationToken) ?? throw new InvalidOperationException($"no ticket {id}");
    }

    public void Advance(TimeSpan by) => Clock.Now += by;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    internal sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    internal sealed class NoAnswers : IAutoResponder
    {
        public Task<AutoAnswer?> AnswerAsync(Ticket ticket, CancellationToken cancellationToken) => Task.FromResult<AutoAnswer?>(null);

        public bool IsHumanRequest(string text) => text.Contains("agent", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Every push the desk asked for, in order.</summary>
internal sealed class RecordingNotifier : ISupportNotifier
{
    public ConcurrentQueue<(string AgentId, TicketSummary Ticket, string Reason)> Assigned { get; } = new();
    public ConcurrentQueue<TicketChange> Changes { get; } = new();

    public Task TicketAssignedAsync(TicketSummary ticket, string agentId, string reason, CancellationToken cancellationToken)
    {
        Assigned.Enqueue((agentId, ticket, reason));
        return Task.CompletedTask;
    }

    public Task TicketChangedAsync(TicketChange change, CancellationToken cancellationToken)
    {
        Changes.Enqueue(change);
        return Task.CompletedTask;
    }

    public Task DeskChangedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A real intent model, trained once on a few tickets per intent in English and Chinese.</summary>
internal sealed class SmallIntentModel : IIntentClassifier
{
    private static readonly (string Text, string Intent)[] Examples =
    [
        ("I want a refund for this course, please return my money", "refund_request"),
        ("Please refund my order, I bought it by mistake", "refund_request"),
        ("refund request: the course was not what I expected, money back please", "refund_request"),
        ("Can I get my money back? I want to cancel and get a refund", "refund_request"),
        ("I would like a refund of the payment for the column", "refund_request"),
        ("我要退款，这门课不适合我，请退钱", "refund_request"),
        ("申请退款，买错了课程，请把钱退给我", "refund_request"),
        ("请帮我退款，课程和描述不符", "refund_request"),
        ("I cannot log in to my account, the password reset email never arrives", "login_account"),
        ("Login fails with wrong password even after reset", "login_account"),
        ("My account is locked and I can't sign in", "login_account"),
        ("can't sign in, the verification code does not come", "login_account"),
        ("I forgot my password and cannot log into my account", "login_account"),
        ("登录不了账号，密码重置邮件收不到", "login_account"),
        ("账号被锁了，无法登录", "login_account"),
        ("忘记密码了，验证码也收不到，登录失败", "login_account"),
        ("The video keeps buffering and will not play in lesson 3", "video_playback"),
        ("Video playback stops, the lesson video shows a black screen", "video_playback"),
        ("the lecture video won't load, it just spins", "video_playback"),
        ("Videos stutter and freeze on the app", "video_playback"),
        ("lesson video has no sound and will not play", "video_playback"),
        ("视频一直卡顿，第三课播放不了", "video_playback"),
        ("课程视频黑屏，无法播放", "video_playback"),
        ("视频加载不出来，一直转圈", "video_playback"),
    ];

    // After the examples: static fields start in the order they are written.
    public static readonly SmallIntentModel Instance = new();

    private readonly IntentModel _model = IntentModel.Train(Examples, new IntentTrainingOptions { Features = new TextFeatureOptions { MinDocumentFrequency = 1 } });
    private readonly Lock _gate = new();

    public IntentReading? Classify(string subject, string body)
    {
        lock (_gate)
        {
            var p = _model.Predict(TicketText.Combine(subject, body));
            return new IntentReading(p.Intent, p.Confidence, 1, p.Top.Skip(1).Select(s => (s.Intent, (double)s.Probability)).ToList());
        }
    }
}
